// The TensorLang module.
