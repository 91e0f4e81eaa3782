import Autodiff
import TensorCore
import XCTest

/// The text and DOT dumps of a tiny graph, spelled out in full.
final class GraphDumpTests: XCTestCase {
    /// y = Σ (a ⊙ b) with a = (1, 2), b = (3, 4); after grad(y, a):
    /// ∂y/∂a = b = (3, 4), ∂y/∂c = (1, 1), ∂y/∂y = 1, and b is not on a path to a, so it has no grad.
    private func tinyGraph() throws -> (a: Variable, b: Variable, c: Variable, y: Variable) {
        let a = Variable(Tensor([1, 2])), b = Variable(Tensor([3, 4]))
        let c = try a * b
        let y = try c.sum()
        return (a, b, c, y)
    }

    func testTextDumpBeforeBackward() throws {
        let (a, b, c, y) = try tinyGraph()
        XCTAssertEqual(GraphDump.text(y), """
            #\(a.id) leaf (2,) value [1., 2.]
            #\(b.id) leaf (2,) value [3., 4.]
            #\(c.id) multiply(#\(a.id), #\(b.id)) (2,) value [3., 8.]
            #\(y.id) sum(#\(c.id)) () value 11.
            """)
    }

    func testTextDumpShowsGradientsLeftByTheLastPass() throws {
        let (a, b, c, y) = try tinyGraph()
        _ = try grad(y, wrt: a)
        XCTAssertEqual(GraphDump.text(y), """
            #\(a.id) leaf (2,) value [1., 2.] grad [3., 4.]
            #\(b.id) leaf (2,) value [3., 4.]
            #\(c.id) multiply(#\(a.id), #\(b.id)) (2,) value [3., 8.] grad [1., 1.]
            #\(y.id) sum(#\(c.id)) () value 11. grad 1.
            """)
    }

    func testDotDump() throws {
        let (a, b, c, y) = try tinyGraph()
        _ = try grad(y, wrt: a)
        XCTAssertEqual(GraphDump.dot(y), """
            digraph unroll {
              rankdir=BT;
              node [shape=box, fontname="monospace"];
              n\(a.id) [label="#\(a.id) leaf\\n(2,)\\n[1., 2.]\\ngrad [3., 4.]"];
              n\(b.id) [label="#\(b.id) leaf\\n(2,)\\n[3., 4.]"];
              n\(c.id) [label="#\(c.id) multiply\\n(2,)\\n[3., 8.]\\ngrad [1., 1.]"];
              n\(y.id) [label="#\(y.id) sum\\n()\\n11.\\ngrad 1."];
              n\(a.id) -> n\(c.id);
              n\(b.id) -> n\(c.id);
              n\(c.id) -> n\(y.id);
            }
            """)
    }

    func testLongValuesAreTruncatedAndSharedNodesListedOnce() throws {
        let x = Variable(try Tensor.arange(0, 8))
        let y = try (x * x).sum()
        let lines = GraphDump.text(y).split(separator: "\n")
        XCTAssertEqual(lines.count, 3, "x appears once although it is used twice")
        XCTAssertEqual(lines[0], "#\(x.id) leaf (8,) value [0., 1., 2., 3., 4., 5., …]")
        XCTAssertEqual(lines[1], "#\(x.id + 1) multiply(#\(x.id), #\(x.id)) (8,) value [0., 1., 4., 9., 16., 25., …]")
        XCTAssertEqual(GraphDump.nodes(reachableFrom: y).map(\.id), [x.id, x.id + 1, y.id])
    }

    func testLargeGraphsShowTheOldestAndNewestNodes() throws {
        let x = Variable(Tensor(1))
        var y = x
        for _ in 0..<9 { y = try -y }
        // 10 nodes, limit 4: the two oldest, a gap of 6, the two newest.
        let lines = GraphDump.text(y, limit: 4).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5)
        XCTAssertEqual(lines[0], "#\(x.id) leaf () value 1.")
        XCTAssertEqual(lines[2], "… 6 nodes omitted …")
        XCTAssertEqual(lines[4], "#\(y.id) negate(#\(y.id - 1)) () value -1.")
        let dot = GraphDump.dot(y, limit: 4)
        XCTAssert(dot.contains("omitted [shape=plaintext, label=\"… 6 nodes omitted …\"];"))
        XCTAssert(dot.contains("n\(x.id) -> n\(x.id + 1);"))
        XCTAssertFalse(dot.contains("n\(x.id + 1) -> n\(x.id + 2);"), "edges into omitted nodes are left out")
        XCTAssertEqual(GraphDump.text(y).split(separator: "\n").count, 10, "small graphs are shown whole")
    }
}
