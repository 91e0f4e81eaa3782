import TensorLang
import XCTest

extension XCTestCase {
    /// Runs `source` in a fresh interpreter and returns the scalars of its last value, which
    /// must be a tensor; any error fails the calling test at the caller's line.
    func numbers(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> [Double] {
        let outputs = Interpreter().execute(source)
        for case .error(let d, let src) in outputs { XCTFail(DiagnosticRenderer.render(d, source: src), file: file, line: line) }
        guard case .value(.tensor(let v))? = outputs.last else { XCTFail("no tensor value: \(outputs)", file: file, line: line); return [] }
        return v.value.scalars
    }
}
