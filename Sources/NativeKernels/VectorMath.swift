// Four-lane float64 building blocks shared by every kernel in this module:
// unaligned loads and stores, a lane-wise square root, and tanh and exp that
// run four lanes at once instead of calling libm once per element.
//
// Multiply and add are always written separately (`a * b + c`, never fused), so
// a lane computes the same bits whatever instruction set the module is built
// for: the portable and the AVX2 builds of this module agree exactly.

#if canImport(_Builtin_intrinsics.intel)
import _Builtin_intrinsics.intel
#endif
import Foundation

/// Four doubles in one vector register (two on baseline x86-64).
public typealias Vector4 = SIMD4<Double>

/// Loads four consecutive doubles from `p` (no alignment needed).
@inlinable @inline(__always)
public func load4(_ p: UnsafePointer<Double>) -> Vector4 {
    UnsafeRawPointer(p).loadUnaligned(as: Vector4.self)
}

/// Stores four doubles to `p` (no alignment needed).
@inlinable @inline(__always)
public func store4(_ v: Vector4, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector4.self)
}

/// `(v₀ + v₁) + (v₂ + v₃)`, always in that order.
@inlinable @inline(__always)
public func horizontalSum(_ v: Vector4) -> Double { (v[0] + v[1]) + (v[2] + v[3]) }

/// Lane-wise IEEE square root. `SIMD4.squareRoot()` goes through libm's `sqrt`
/// one lane at a time (it must set errno for negative inputs); the x86
/// intrinsic lowers to the generic vector square root instead, which becomes
/// two `sqrtpd` on baseline x86-64 and one `vsqrtpd` with AVX. Same bits.
@inlinable @inline(__always)
public func vectorSquareRoot(_ v: Vector4) -> Vector4 {
    #if canImport(_Builtin_intrinsics.intel)
    return _mm256_sqrt_pd(v)
    #else
    return Vector4(v[0].squareRoot(), v[1].squareRoot(), v[2].squareRoot(), v[3].squareRoot())
    #endif
}

/// `y = k·ln 2 + r` with k = ⌊y / ln 2⌋ (so 0 ≤ r < ln 2, give or
/// take a rounding), returning `p = eʳ − 1 ≥ 0` and `scale = 2ᵏ`, so that
/// `eʸ − 1 = scale·p + (scale − 1)` adds two non-negative terms without cancelling.
///
/// Valid for −708 ≤ y ≤ 709 (2ᵏ stays a normal number). k is rounded with the
/// 1.5·2⁵² shifter, ln 2 is split as in fdlibm (the high part has 11 trailing
/// zero bits, so k·ln2Hi is exact), and eʳ − 1 is its Taylor series to r¹⁷
/// (truncation below 3·10⁻¹⁹ for r < ln 2) written as `r + r²·q(r)` so the
/// leading term carries no rounding.
@inlinable @inline(__always)
func reducedExpm1(_ y: Vector4) -> (p: Vector4, scale: Vector4) {
    let shifter = Vector4(repeating: 6755399441055744.0)   // 1.5 · 2⁵²
    let shifted = (y * Vector4(repeating: 1.4426950408889634) - Vector4(repeating: 0.5)) + shifter
    let k = shifted - shifter
    let r = (y - k * Vector4(repeating: 6.93147180369123816490e-01)) - k * Vector4(repeating: 1.90821492927058770002e-10)
    // q(r) = Σᵢ cᵢ·rⁱ with cᵢ = 1/(i+2)!, i = 0…15, by Estrin's scheme: pairs, then
    // pairs of pairs, … — the same number of operations as Horner's rule but a
    // dependency chain of 5 multiply–adds instead of 15, so successive vectors overlap.
    @inline(__always) func c(_ value: Double) -> Vector4 { Vector4(repeating: value) }
    let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
    let a0 = c(0.5) + c(0.16666666666666666) * r
    let a1 = c(0.041666666666666664) + c(0.008333333333333333) * r
    let a2 = c(0.001388888888888889) + c(0.0001984126984126984) * r
    let a3 = c(2.48015873015873e-05) + c(2.7557319223985893e-06) * r
    let a4 = c(2.755731922398589e-07) + c(2.505210838544172e-08) * r
    let a5 = c(2.08767569878681e-09) + c(1.6059043836821613e-10) * r
    let a6 = c(1.1470745597729725e-11) + c(7.647163731819816e-13) * r
    let a7 = c(4.779477332387385e-14) + c(2.8114572543455206e-15) * r
    let b0 = a0 + a1 * r2, b1 = a2 + a3 * r2, b2 = a4 + a5 * r2, b3 = a6 + a7 * r2
    let q = (b0 + b1 * r4) + (b2 + b3 * r4) * r8
    let p = r + r2 * q
    // The shifter's low mantissa bits now hold 2⁵¹ + k; move k into the exponent field.
    let kBits = unsafeBitCast(shifted, to: SIMD4<Int64>.self) &- SIMD4<Int64>(repeating: 0x4338_0000_0000_0000)
    let scale = unsafeBitCast((kBits &+ 1023) &<< 52, to: Vector4.self)
    return (p, scale)
}

/// Lane-wise hyperbolic tangent, within 3 ulp of libm's `tanh` (tests check
/// this over the whole range): `tanh|x| = u / (u + 2)` with `u = e^{2|x|} − 1`,
/// which keeps full relative accuracy near 0; |x| > 22 gives exactly ±1, ±0
/// keeps its sign and NaN stays NaN.
@inlinable @inline(__always)
public func tanh4(_ x: Vector4) -> Vector4 {
    let signMask = SIMD4<UInt64>(repeating: 0x8000_0000_0000_0000)
    let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self)
    let magnitude = unsafeBitCast(bits & ~signMask, to: Vector4.self)
    let limit = Vector4(repeating: 22)
    let clamped = magnitude.replacing(with: limit, where: .!(magnitude .<= limit))   // also NaN → 22
    let (p, scale) = reducedExpm1(clamped + clamped)
    let u = scale * p + (scale - 1)
    var t = u / (u + 2)
    t.replace(with: 1, where: magnitude .> limit)
    var result = unsafeBitCast(unsafeBitCast(t, to: SIMD4<UInt64>.self) | (bits & signMask), to: Vector4.self)
    result.replace(with: x, where: x .!= x)
    return result
}

/// Lane-wise eˣ, within 2 ulp of libm's `exp`. Lanes below −708 (where the
/// result is subnormal or zero), above 709 or NaN are handed to libm, so every
/// input gets the right answer; softmax arguments `z − max z ≤ 0` rarely go there.
@inlinable @inline(__always)
public func exp4(_ x: Vector4) -> Vector4 {
    let low = Vector4(repeating: -708), high = Vector4(repeating: 709)
    guard all((x .>= low) .& (x .<= high)) else {
        return Vector4(Foundation.exp(x[0]), Foundation.exp(x[1]), Foundation.exp(x[2]), Foundation.exp(x[3]))
    }
    let (p, scale) = reducedExpm1(x)
    return scale * (p + 1)
}

/// `values[i] ← tanh(values[i])` for `count` doubles, four at a time; the last
/// partial group goes through the same vector code (zero-padded), so every
/// element gets the same function whatever its position.
@inlinable
public func tanhInPlace(_ values: UnsafeMutablePointer<Double>, count: Int) {
    var i = 0
    while i + 4 <= count {
        store4(tanh4(load4(values + i)), values + i)
        i += 4
    }
    if i < count {
        var lanes = Vector4()
        for l in 0..<(count - i) { lanes[l] = values[i + l] }
        let result = tanh4(lanes)
        for l in 0..<(count - i) { values[i + l] = result[l] }
    }
}

/// `values[i] ← exp(values[i] − shift)` for `count` doubles, four at a time
/// (the tail through the same vector code). Returns the sum of the results,
/// added in index order.
@inlinable
public func shiftedExpInPlace(_ values: UnsafeMutablePointer<Double>, count: Int, shift: Double) -> Double {
    let offset = Vector4(repeating: shift)
    var i = 0
    while i + 4 <= count {
        store4(exp4(load4(values + i) - offset), values + i)
        i += 4
    }
    if i < count {
        var lanes = Vector4()
        for l in 0..<(count - i) { lanes[l] = values[i + l] }
        let result = exp4(lanes - offset)
        for l in 0..<(count - i) { values[i + l] = result[l] }
    }
    var total = 0.0
    for j in 0..<count { total += values[j] }
    return total
}
