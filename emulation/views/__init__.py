"""The pages of the emulation app, one module per subject."""
