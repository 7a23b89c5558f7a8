namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// The constants of the UART host-link frame (see PROTOCOL.md). A frame before COBS is
    /// <c>version(1) type(1) sequence(4, LE) payload length(2, LE) payload(n) CRC-16(2, LE)</c>; on the wire it is
    /// COBS-encoded and followed by one 0x00 delimiter.
    /// </summary>
    public static class HostLinkProtocol
    {
        /// <summary>The protocol version this code speaks; frames of any other version are refused.</summary>
        public const byte Version = 1;

        /// <summary>version + type + sequence + payload length.</summary>
        public const int HeaderLength = 8;

        /// <summary>The CRC-16 trailer.</summary>
        public const int CrcLength = 2;

        /// <summary>
        /// Largest payload; larger frames are refused on both sides. An APDU trace record holds a command (at most 261
        /// bytes: short APDU with Lc 255 and Le), a response (at most 258 bytes) and the ISO 14443 frames they travelled
        /// in: an EMV read's traces fit, but a long exchange with many S(WTX) frames can outgrow it; the reader then
        /// reports an error record <c>trace_refused</c> instead of the trace.
        /// </summary>
        public const int MaximumPayloadLength = 1024;

        /// <summary>Largest unencoded frame: header + payload + CRC.</summary>
        public const int MaximumFrameLength = HeaderLength + MaximumPayloadLength + CrcLength;

        /// <summary>
        /// Largest COBS-encoded frame without its delimiter: COBS adds one code byte per started block of 254 bytes
        /// (Cheshire and Baker, "Consistent Overhead Byte Stuffing", 1999) plus the leading code byte.
        /// </summary>
        public const int MaximumEncodedLength = MaximumFrameLength + (MaximumFrameLength / 254) + 1;

        /// <summary>Largest frame on the wire: the encoded frame plus its 0x00 delimiter.</summary>
        public const int MaximumWireLength = MaximumEncodedLength + 1;

        /// <summary>The frame delimiter; COBS guarantees it never occurs inside an encoded frame.</summary>
        public const byte Delimiter = 0x00;
    }
}
