import Formats
import Foundation

/// A decoded Jupyter message: routing identities, the header, the header of
/// the request it answers, metadata, content and binary buffers.
public struct KernelMessage: Sendable, Equatable {
    public var identities: [Data]
    public var header: MessageHeader
    /// The request's header for replies and side effects; `{}` otherwise.
    public var parentHeader: JSONValue
    public var metadata: JSONValue
    public var content: JSONValue
    public var buffers: [Data]

    public init(identities: [Data] = [], header: MessageHeader, parentHeader: JSONValue = .emptyObject, metadata: JSONValue = .emptyObject, content: JSONValue, buffers: [Data] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    public var msgType: String { header.msgType }

    /// Verifies the signature (constant time), then parses the JSON frames.
    /// The signature is checked first: nothing of an unauthenticated message is parsed.
    /// - Throws: `JupyterProtocolError.badSignature`, `.malformedJSON` or `.malformedHeader`.
    public init(decoding wire: WireMessage, verifiedBy signer: MessageSigner) throws {
        guard signer.isValid(signature: wire.signature, for: wire.signedParts) else { throw JupyterProtocolError.badSignature }
        identities = wire.identities
        func parse(_ frame: Data) throws -> JSONValue {
            do { return try JSONValue.parse(frame) } catch { throw JupyterProtocolError.malformedJSON(error.description) }
        }
        header = try MessageHeader(json: parse(wire.header))
        parentHeader = try parse(wire.parentHeader)
        metadata = try parse(wire.metadata)
        content = try parse(wire.content)
        buffers = wire.buffers
    }

    /// Serialises the JSON frames once and signs exactly those bytes.
    public func wire(signedBy signer: MessageSigner) -> WireMessage {
        var wire = WireMessage(
            identities: identities, signature: "",
            header: Data(header.json.encodedBytes()), parentHeader: Data(parentHeader.encodedBytes()),
            metadata: Data(metadata.encodedBytes()), content: Data(content.encodedBytes()), buffers: buffers)
        wire.signature = signer.signature(of: wire.signedParts)
        return wire
    }
}

/// Makes the kernel's outgoing messages: fresh ids, the kernel's session id,
/// the current time, protocol 5.3, and the request's header as parent.
public struct MessageBuilder: Sendable {
    /// The kernel's session id: one per process.
    public let session: String
    public let username: String
    private let now: @Sendable () -> Date

    public init(session: String = UUID().uuidString.lowercased(), username: String = "kernel", now: @escaping @Sendable () -> Date = { Date() }) {
        self.session = session
        self.username = username
        self.now = now
    }

    /// A new header of type `msgType` with a unique id.
    public func header(_ msgType: String) -> MessageHeader {
        MessageHeader(msgId: UUID().uuidString.lowercased(), session: session, username: username, date: Timestamp.iso8601(now()), msgType: msgType)
    }

    /// A reply on the request's channel, routed back to its sender.
    public func reply(to request: KernelMessage, type: String, content: JSONValue) -> KernelMessage {
        KernelMessage(identities: request.identities, header: header(type), parentHeader: request.header.json, content: content)
    }

    /// An IOPub message (topic `kernel.<session>.<type>`), a child of `parent` if given.
    public func broadcast(_ type: String, content: JSONValue, parent: KernelMessage?) -> KernelMessage {
        KernelMessage(
            identities: [Data("kernel.\(session).\(type)".utf8)], header: header(type),
            parentHeader: parent?.header.json ?? .emptyObject, content: content)
    }
}
