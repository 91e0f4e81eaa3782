import Foundation
import Recurrent

/// `unroll train --resume CHECKPOINT`: the checkpoint's model, optimiser state and
/// place in the text, going on with the checkpoint's settings except those given.
extension Train {
    /// The trainer a checkpoint continues, and a phrase for each setting the command
    /// line changed (`lr 0.05 (was 0.1)`).
    ///
    /// `--lr`, `--seq`, `--clip` and `--clip-norm` change how training goes on. The
    /// model's size and the kind of optimiser are in the checkpoint's numbers, so
    /// `--hidden` and `--optimizer` must agree with it, and `--init` (other starting
    /// weights) cannot be combined with it: each is a usage error, never ignored.
    func resumedTrainer(from path: String, text: String) throws -> (trainer: CharRNNTrainer, changes: [String]) {
        guard let bytes = FileManager.default.contents(atPath: path) else { throw CLIError.usage("cannot read checkpoint '\(path)'") }
        let checkpoint = try CharRNNCheckpoint(decoding: [UInt8](bytes))
        guard `init` == nil else { throw CLIError.usage("--init and --resume both give the starting weights; give one of them") }
        if let hidden, hidden != checkpoint.model.hidden {
            throw CLIError.usage("--hidden \(hidden) cannot change the checkpoint's model, which has H = \(checkpoint.model.hidden); leave --hidden out to continue it")
        }
        if optimizer != nil, try optimizerKind() != checkpoint.config.optimizer {
            throw CLIError.usage("the checkpoint holds \(Self.name(checkpoint.config.optimizer)) state, which --optimizer \(optimizer ?? "") cannot continue; leave --optimizer out, or train afresh without --resume")
        }
        var config = checkpoint.config
        var changes: [String] = []
        if let lr, lr != config.learningRate {
            changes.append("lr \(lr) (was \(config.learningRate))")
            config.learningRate = lr
        }
        if let seq, seq != config.seqLength {
            changes.append("seq \(seq) (was \(config.seqLength))")
            config.seqLength = seq
        }
        if clip != nil || clipNorm != nil, try clipping() != config.clipping {
            changes.append("clipping \(Self.name(try clipping())) (was \(Self.name(config.clipping)))")
            config.clipping = try clipping()
        }
        var optimizerState = checkpoint.optimizer
        optimizerState.learningRate = config.learningRate
        let trainer = try CharRNNTrainer(model: checkpoint.model, text: text, config: config)
        try trainer.restore(parameters: checkpoint.model.parameters, optimizer: optimizerState, hidden: checkpoint.hidden,
                            position: checkpoint.position, iteration: checkpoint.iteration, smoothLoss: checkpoint.smoothLoss)
        return (trainer, changes)
    }

    static func name(_ kind: OptimizerKind) -> String {
        switch kind {
        case .sgd: return "sgd"
        case .momentum: return "momentum"
        case .adagrad: return "adagrad"
        case .adam: return "adam"
        }
    }

    static func name(_ clipping: GradientClipping) -> String {
        switch clipping {
        case .none: return "off"
        case .elementwise(let limit): return "elementwise ±\(limit)"
        case .globalNorm(let limit): return "to norm \(limit)"
        }
    }
}
