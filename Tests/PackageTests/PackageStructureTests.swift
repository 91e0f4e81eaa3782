import Processes
import Formats
import Foundation
import XCTest
import _TestSupport

/// Package.swift is the architecture diagram, so it must be true: every module a
/// target imports is a dependency it declares, and every dependency it declares
/// it uses. And the library products stay usable as a versioned dependency.
final class PackageStructureTests: XCTestCase {
    /// Modules of the toolchain and the system, which need no declaration.
    static let systemModules: Set<String> = [
        "Foundation", "FoundationXML", "FoundationNetworking", "Dispatch", "Glibc", "Darwin", "Synchronization", "XCTest",
        "PackageDescription", "PackagePlugin", "_Builtin_intrinsics",
    ]

    struct Target {
        var name: String
        var kind: String
        var dependencies: Set<String>
        var usesUnsafeFlags: Bool
        var directory: URL
    }

    static func loadPackage() throws -> (targets: [String: Target], products: [String: [String]]) {
        // A scratch path of its own, so this never waits for the build that runs the tests.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-dump-package-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let root = References.packageRoot
        // As a package depending on this one sees it: without the debug-build optimisation CI turns on.
        let json = try JSONValue.parse(try ChildProcess.run(["swift", "package", "--package-path", root.path,
                                                             "--scratch-path", scratch.path, "dump-package"],
                                                            environment: ["UNROLL_FAST_DEBUG": ""]))
        var targets: [String: Target] = [:]
        for entry in json["targets"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue, let kind = entry["type"]?.stringValue else { continue }
            // A dependency is ["byName": [name, condition]], ["target": [...]] or ["product": [name, package, ...]].
            let dependencies = (entry["dependencies"]?.arrayValue ?? []).compactMap { dependency in
                (dependency["byName"] ?? dependency["target"] ?? dependency["product"])?.arrayValue?.first?.stringValue
            }
            let unsafe = (entry["settings"]?.arrayValue ?? []).contains { $0["kind"]?["unsafeFlags"] != nil }
            let folder = entry["path"]?.stringValue ?? (kind == "test" ? "Tests/\(name)" : (kind == "plugin" ? "Plugins/\(name)" : "Sources/\(name)"))
            targets[name] = Target(name: name, kind: kind, dependencies: Set(dependencies), usesUnsafeFlags: unsafe,
                                   directory: root.appendingPathComponent(folder))
        }
        var products: [String: [String]] = [:]
        for product in json["products"]?.arrayValue ?? [] {
            guard let name = product["name"]?.stringValue, product["type"]?["library"] != nil else { continue }
            products[name] = product["targets"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        return (targets, products)
    }

    /// The modules `import`ed by the Swift files under `directory` (following the
    /// symbolic links of a target built twice from the same files): the import lines
    /// at the top of each file, among comments and `#if` lines — not text that merely
    /// looks like an import further down, such as Python inside a string.
    static func imports(under directory: URL) throws -> Set<String> {
        var modules: Set<String> = []
        guard let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        let importLine = try NSRegularExpression(
            pattern: #"^(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#)
        for case let url as URL in files where url.pathExtension == "swift" {
            var inBlockComment = false
            for raw in try String(contentsOf: url.resolvingSymlinksInPath(), encoding: .utf8).split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if inBlockComment {
                    inBlockComment = !line.contains("*/")
                    continue
                }
                if line.isEmpty || line.hasPrefix("//") || line.hasPrefix("#") { continue }
                if line.hasPrefix("/*") {
                    inBlockComment = !line.contains("*/")
                    continue
                }
                guard let match = importLine.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                      let range = Range(match.range(at: 1), in: line) else { break }
                modules.insert(String(line[range]))
            }
        }
        return modules
    }

    func testEveryTargetImportsExactlyTheModulesItDeclares() throws {
        let (targets, _) = try Self.loadPackage()
        XCTAssertGreaterThan(targets.count, 20, "the package's targets were not read")
        for target in targets.values.sorted(by: { $0.name < $1.name }) where target.kind != "system" && target.kind != "plugin" {
            let imported = try Self.imports(under: target.directory).subtracting(Self.systemModules).subtracting([target.name])
            XCTAssertFalse(imported.isEmpty && target.dependencies.isEmpty == false, "\(target.name): no imports found in \(target.directory.path)")
            let undeclared = imported.subtracting(target.dependencies)
            XCTAssertTrue(undeclared.isEmpty, "\(target.name) imports \(undeclared.sorted()) without declaring them in Package.swift")
            let unused = target.dependencies.subtracting(imported)
            XCTAssertTrue(unused.isEmpty, "\(target.name) declares \(unused.sorted()) in Package.swift but never imports them")
        }
    }

    /// SwiftPM refuses a versioned dependency whose used targets carry `unsafeFlags`,
    /// so no library product may reach one (the AVX2 kernels are for executables).
    func testNoLibraryProductReachesATargetWithUnsafeFlags() throws {
        let (targets, products) = try Self.loadPackage()
        XCTAssertFalse(products.isEmpty)
        XCTAssertTrue(targets.values.contains(where: \.usesUnsafeFlags) == targets["NativeKernelsAVX2"]?.usesUnsafeFlags,
                      "only the AVX2 kernels carry unsafe flags")
        for (product, roots) in products {
            var seen: Set<String> = []
            var queue = roots
            while let name = queue.popLast() {
                guard seen.insert(name).inserted, let target = targets[name] else { continue }
                XCTAssertFalse(target.usesUnsafeFlags, "the library product \(product) reaches \(name), which uses unsafeFlags")
                queue += target.dependencies
            }
            XCTAssertTrue(seen.contains(product), "\(product) is built from its own target")
        }
    }
}
