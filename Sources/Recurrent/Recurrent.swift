// The Recurrent module.
