import Formats
import Foundation

/// The connection file a Jupyter client writes before starting the kernel:
/// where to bind the five sockets and the key that signs messages.
///
///     {"shell_port": 60499, "iopub_port": 33135, "stdin_port": 44177,
///      "control_port": 52771, "hb_port": 51843, "ip": "127.0.0.1",
///      "key": "…", "transport": "tcp", "signature_scheme": "hmac-sha256"}
public struct ConnectionFile: Sendable, Equatable {
    /// The five channels a kernel serves.
    public enum Channel: String, Sendable, CaseIterable {
        case shell, iopub, stdin, control, heartbeat = "hb"
    }

    public var transport: String
    public var ip: String
    public var key: String
    public var signatureScheme: String
    public var ports: [Channel: Int]
    public var kernelName: String?

    /// Parses and checks the file's contents.
    /// - Throws: `ConnectionFileError` naming the field that is wrong.
    public init(json data: Data) throws {
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            throw ConnectionFileError.notJSON
        }
        guard root.objectValue != nil else { throw ConnectionFileError.notJSON }

        func string(_ key: String, default fallback: String? = nil) throws -> String {
            switch root[key] {
            case .string(let text)?: return text
            case nil where fallback != nil: return fallback ?? ""
            case nil: throw ConnectionFileError.missingField(key)
            case .some: throw ConnectionFileError.wrongType(key, expected: "a string")
            }
        }
        transport = try string("transport", default: "tcp")
        ip = try string("ip", default: "127.0.0.1")
        key = try string("key", default: "")
        signatureScheme = try string("signature_scheme", default: "hmac-sha256")
        kernelName = root["kernel_name"]?.stringValue

        guard ["tcp", "ipc"].contains(transport) else { throw ConnectionFileError.unsupported("transport", transport) }
        guard key.isEmpty || MessageSigner.supportedSchemes.contains(signatureScheme) else {
            throw ConnectionFileError.unsupported("signature_scheme", signatureScheme)
        }

        var ports: [Channel: Int] = [:]
        for channel in Channel.allCases {
            let field = channel.rawValue + "_port"
            guard let value = root[field] else { throw ConnectionFileError.missingField(field) }
            guard let port = value.intValue else { throw ConnectionFileError.wrongType(field, expected: "an integer") }
            guard (1...65535).contains(port) else { throw ConnectionFileError.badPort(field, port) }
            ports[channel] = port
        }
        self.ports = ports
    }

    /// Reads and parses the file at `path`.
    public init(contentsOf path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConnectionFileError.unreadable(path)
        }
        do {
            try self.init(json: data)
        } catch let error as ConnectionFileError {
            throw ConnectionFileError.invalid(path, error)
        }
    }

    /// The ZeroMQ endpoint for `channel`: `tcp://ip:port`, or `ipc://ip-port` as jupyter_client names ipc sockets.
    public func endpoint(_ channel: Channel) -> String {
        let port = ports[channel] ?? 0
        return transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}

/// What is wrong with a connection file.
public indirect enum ConnectionFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case notJSON
    case missingField(String)
    case wrongType(String, expected: String)
    case badPort(String, Int)
    case unsupported(String, String)
    /// One of the above, in the file at a path.
    case invalid(String, ConnectionFileError)

    public var description: String {
        switch self {
        case .unreadable(let path): return "cannot read the connection file '\(path)'; check the path (Jupyter passes it as {connection_file})"
        case .notJSON: return "the connection file is not a JSON object"
        case .missingField(let field): return "the connection file has no '\(field)'"
        case .wrongType(let field, let expected): return "'\(field)' in the connection file should be \(expected)"
        case .badPort(let field, let port): return "'\(field)' is \(port); ports must be between 1 and 65535"
        case .unsupported(let field, let value): return "unsupported \(field) '\(value)' in the connection file (supported: tcp or ipc transport, hmac-sha256 signatures)"
        case .invalid(let path, let inner): return "\(path): \(inner)"
        }
    }
}
