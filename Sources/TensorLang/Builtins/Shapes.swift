import TensorCore
import Autodiff

/// Shapes, joining and splitting, and sequences (`push`, `len`, …).
enum ShapeLibrary {
    static var builtins: [Builtin] {
        [
            Builtin("shape", "x", "the sizes of a tensor's axes, as a tuple", example: "shape(zeros(2, 3))") { a in
                .tuple(try a.tensor(0).shape.map { .scalar(Double($0)) })
            },
            Builtin("len", "x", "the number of elements of a sequence, tuple, string or range, or the rows of a tensor", example: "len([[1, 2], [3, 4], [5, 6]])") { a in
                let v = try a.value(0)
                switch v {
                case .sequence(let items), .tuple(let items): return .scalar(Double(items.count))
                case .string(let s): return .scalar(Double(s.text.count))
                case .range(let lo, let hi): return .scalar(Double(max(0, hi - lo)))
                case .record(let r): return .scalar(Double(r.fields.count))
                case .tensor(let t) where t.value.rank > 0: return .scalar(Double(t.shape[0]))
                default: throw a.bad(0, "a sequence or a tensor with at least one axis", got: v.typeName)
                }
            },
            Builtin("transpose", "x", "the transpose of a matrix (same as x.T); a vector is unchanged", example: "transpose([[1, 2], [3, 4]])") { a in
                .tensor(try a.tensor(0).transposed())
            },
            Builtin("reshape", "x, *shape", "the same elements in a new shape (row-major)", example: "reshape(arange(6), 2, 3)") { a in
                .tensor(try a.tensor(0).reshaped(try a.restShape()))
            },
            Builtin("concat", "*tensors, axis=0", "joins tensors along an existing axis (a sequence may be given instead)", example: "concat([1, 2], [3])") { a in
                .tensor(try Variable.concat(try a.restTensors(), axis: try a.int(0)))
            },
            Builtin("stack", "*tensors, axis=0", "stacks equally shaped tensors along a new axis (a sequence may be given instead)", example: "stack([1, 2], [3, 4])") { a in
                .tensor(try Variable.stack(try a.restTensors(), axis: try a.int(0)))
            },
            Builtin("diag", "x", "a vector becomes a diagonal matrix; a matrix gives its diagonal", example: "diag([1, 2])") { a in
                .tensor(try a.tensor(0).diag())
            },
            Builtin("outer", "a, b", "the outer product a bᵀ of two vectors", example: "outer([1, 2], [3, 4, 5])") { a in
                .tensor(try Variable.outer(try a.tensor(0, rank: 1), try a.tensor(1, rank: 1)))
            },
            Builtin("push", "sequence, value", "a new sequence with value appended (the original is unchanged)", example: "hs = [zeros(2)]; hs = push(hs, ones(2)); len(hs)") { a in
                .sequence(try ValueList.make(try a.items(0) + [try a.value(1)], operation: "push"))
            },
            Builtin("first", "sequence", "the first element of a sequence", example: "first([zeros(2), ones(2)])") { a in
                let items = try a.items(0)
                guard let x = items.first else { throw a.bad(0, "a non-empty sequence", got: "an empty one") }
                return x
            },
            Builtin("last", "sequence", "the last element of a sequence", example: "last([zeros(2), ones(2)])") { a in
                let items = try a.items(0)
                guard let x = items.last else { throw a.bad(0, "a non-empty sequence", got: "an empty one") }
                return x
            },
            Builtin("reverse", "sequence", "the elements in reverse order", example: "reverse([zeros(2), ones(2)])") { a in
                .sequence(Array(try a.items(0).reversed()))
            },
            Builtin("with_field", "record, name, value", "a copy of a record with one field replaced (or added at the end)",
                    example: "c = cell(\"rnn\", 2, 3, seed=1); c2 = with_field(c, \"Whh\", eye(3)); c2.Whh") { a in
                var record = try a.record(0)
                let name = try a.string(1), value = try a.value(2)
                if let k = record.fields.firstIndex(where: { $0.name == name }) {
                    record.fields[k].value = value
                } else {
                    record.fields.append((name, value))
                }
                return .record(record)
            },
            Builtin("item", "x", "the number held by a one-element tensor, cut from the graph", example: "item([[3]])") { a in
                let x = try a.tensor(0)
                guard x.value.count == 1, let s = x.value.scalarValue else { throw a.bad(0, "a tensor with one element", got: "shape \(describeShape(x.shape))") }
                return .scalar(s)
            },
        ]
    }
}
