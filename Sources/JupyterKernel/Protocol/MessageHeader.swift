import Formats
import Foundation

/// A message header: who sent what, when, under which protocol version.
/// Fields a peer adds beyond the six standard ones are kept in `extra`, so a
/// request header copied into a reply's `parent_header` is unchanged.
public struct MessageHeader: Sendable, Equatable {
    /// The protocol version this kernel speaks (jupyter_client validates ≥ 5.2 strictly).
    public static let protocolVersion = "5.3"

    public var msgId: String
    public var session: String
    public var username: String
    public var date: String
    public var msgType: String
    public var version: String
    public var extra: [String: JSONValue]

    public init(msgId: String, session: String, username: String, date: String, msgType: String, version: String = MessageHeader.protocolVersion, extra: [String: JSONValue] = [:]) {
        self.msgId = msgId
        self.session = session
        self.username = username
        self.date = date
        self.msgType = msgType
        self.version = version
        self.extra = extra
    }

    /// Reads a received header; `msg_id` and `msg_type` must be strings, the rest may be missing.
    /// - Throws: `JupyterProtocolError.malformedHeader` naming the field.
    public init(json: JSONValue) throws {
        guard var members = json.objectValue else { throw JupyterProtocolError.malformedHeader("the header is not a JSON object") }
        func take(_ key: String, required: Bool) throws -> String {
            let value = members.removeValue(forKey: key)
            if let text = value?.stringValue { return text }
            if required { throw JupyterProtocolError.malformedHeader("field '\(key)' is missing or not a string") }
            return ""
        }
        msgId = try take("msg_id", required: true)
        msgType = try take("msg_type", required: true)
        session = try take("session", required: false)
        username = try take("username", required: false)
        date = try take("date", required: false)
        version = try take("version", required: false)
        extra = members
    }

    /// The header as the JSON object that goes on the wire.
    public var json: JSONValue {
        var members = extra
        members["msg_id"] = .string(msgId)
        members["session"] = .string(session)
        members["username"] = .string(username)
        members["date"] = .string(date)
        members["msg_type"] = .string(msgType)
        members["version"] = .string(version)
        return .object(members)
    }
}

/// ISO 8601 timestamps in UTC with microseconds, as `jupyter_client` writes them
/// (`2026-01-31T12:34:56.123456Z`).
enum Timestamp {
    static func iso8601(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        let micros = Int((seconds - Double(whole)) * 1_000_000)
        var parts = tm()
        gmtime_r(&whole, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), min(micros, 999_999))
    }
}
