package sim

// Exported for the tests of the wire format.
var (
	EncodeLength = encodeLength
	DecodeLength = decodeLength
)
