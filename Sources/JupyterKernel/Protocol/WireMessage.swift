import Foundation

/// A Jupyter message as the frames ZeroMQ carries, before any JSON is parsed:
///
///     [identity…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffer…]
///
/// Identities route a ROUTER reply back to its sender (an IOPub message uses
/// one topic frame there). The signature covers the four JSON frames exactly
/// as sent, so they stay raw bytes here.
public struct WireMessage: Sendable, Equatable {
    /// The frame that separates routing identities from the message.
    public static let delimiter = Data("<IDS|MSG>".utf8)

    public var identities: [Data]
    public var signature: String
    public var header: Data
    public var parentHeader: Data
    public var metadata: Data
    public var content: Data
    public var buffers: [Data]

    public init(identities: [Data], signature: String, header: Data, parentHeader: Data, metadata: Data, content: Data, buffers: [Data] = []) {
        self.identities = identities
        self.signature = signature
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// Splits received frames at the first delimiter.
    /// - Throws: `JupyterProtocolError.missingDelimiter` or `.tooFewFrames`.
    public init(frames: [Data]) throws {
        guard let split = frames.firstIndex(of: Self.delimiter) else { throw JupyterProtocolError.missingDelimiter }
        let rest = frames[(split + 1)...]
        guard rest.count >= 5 else { throw JupyterProtocolError.tooFewFrames(rest.count) }
        let start = rest.startIndex
        identities = Array(frames[..<split])
        signature = String(decoding: rest[start], as: UTF8.self)
        header = rest[start + 1]
        parentHeader = rest[start + 2]
        metadata = rest[start + 3]
        content = rest[start + 4]
        buffers = Array(rest[(start + 5)...])
    }

    /// The frames to send, in wire order.
    public var frames: [Data] {
        identities + [Self.delimiter, Data(signature.utf8), header, parentHeader, metadata, content] + buffers
    }

    /// The four frames the HMAC covers, in order.
    public var signedParts: [Data] { [header, parentHeader, metadata, content] }
}
