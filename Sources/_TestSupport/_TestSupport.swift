// The _TestSupport module.
