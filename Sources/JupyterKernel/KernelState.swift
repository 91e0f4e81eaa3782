import Formats
import Foundation
import Kernel

/// What `kernel_info_reply` says about this kernel besides the language.
public struct KernelConfiguration: Sendable {
    /// The `implementation_version` (the `unroll` version).
    public var implementationVersion: String
    /// Shown by consoles when they connect.
    public var banner: String
    /// Entries of the notebook's Help menu, as `(text, url)`.
    public var helpLinks: [(text: String, url: String)]

    public init(implementationVersion: String, banner: String, helpLinks: [(text: String, url: String)] = []) {
        self.implementationVersion = implementationVersion
        self.banner = banner
        self.helpLinks = helpLinks
    }
}

/// The session and the kernel's fixed facts.
///
/// Threading: the shell thread is the only one that executes, completes,
/// inspects or reads history. The control thread only calls
/// `session.interrupt()` (thread-safe by `KernelSession`'s contract) and reads
/// the immutable configuration. Hence `@unchecked Sendable`.
public final class KernelState: @unchecked Sendable {
    public let session: KernelSession
    public let configuration: KernelConfiguration

    public init(session: KernelSession, configuration: KernelConfiguration) {
        self.session = session
        self.configuration = configuration
    }
}

/// A request whose content is wrong (a missing or mistyped field): answered
/// with an error reply instead of being executed.
public struct BadRequest: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Typed access to a request's content fields, with defaults for optional ones.
struct RequestContent {
    let content: JSONValue

    init(_ content: JSONValue) throws {
        guard content.objectValue != nil else { throw BadRequest("the content is not a JSON object") }
        self.content = content
    }

    func string(_ key: String) throws -> String {
        guard let value = content[key] else { throw BadRequest("'\(key)' is missing") }
        guard let text = value.stringValue else { throw BadRequest("'\(key)' should be a string") }
        return text
    }

    func string(_ key: String, default fallback: String) throws -> String {
        guard let value = content[key], value != .null else { return fallback }
        guard let text = value.stringValue else { throw BadRequest("'\(key)' should be a string") }
        return text
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let value = content[key], value != .null else { return fallback }
        guard let flag = value.boolValue else { throw BadRequest("'\(key)' should be true or false") }
        return flag
    }

    func int(_ key: String) throws -> Int? {
        guard let value = content[key], value != .null else { return nil }
        guard let number = value.intValue else { throw BadRequest("'\(key)' should be an integer") }
        return number
    }
}
