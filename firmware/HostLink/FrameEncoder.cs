using System;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// Builds wire frames: header, payload fields, CRC-16, COBS, 0x00 delimiter. One scratch buffer is allocated at
    /// construction; encoding allocates nothing. Not thread-safe: one encoder per sending thread.
    /// </summary>
    public sealed class FrameEncoder
    {
        private readonly byte[] scratch = new byte[HostLinkProtocol.MaximumFrameLength];
        private readonly FieldWriter writer = new FieldWriter();

        /// <summary>
        /// Encodes <paramref name="message"/> with <paramref name="sequence"/> into <paramref name="output"/>
        /// (COBS frame plus delimiter). Refuses records that fail <see cref="HostLinkMessage.Validate"/> (an
        /// unmasked PAN is <see cref="EncodeStatus.PanNotMasked"/>).
        /// </summary>
        public EncodeStatus Encode(HostLinkMessage message, uint sequence, byte[] output, int offset, int capacity, out int length)
        {
            if (message == null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            length = 0;
            EncodeStatus valid = message.Validate();
            if (valid != EncodeStatus.Ok)
            {
                return valid;
            }

            writer.Reset(scratch, HostLinkProtocol.HeaderLength, HostLinkProtocol.MaximumPayloadLength);
            message.WriteFields(writer);
            if (writer.Overflowed)
            {
                return EncodeStatus.PayloadTooLong;
            }

            return Finish((byte)message.Type, sequence, writer.Length, output, offset, capacity, out length);
        }

        /// <summary>Encodes a raw payload (for tests and tools that build payloads themselves).</summary>
        public EncodeStatus EncodeRaw(byte version, byte type, uint sequence, byte[] payload, int payloadOffset, int payloadLength, byte[] output, int offset, int capacity, out int length)
        {
            length = 0;
            if (payloadLength > HostLinkProtocol.MaximumPayloadLength)
            {
                return EncodeStatus.PayloadTooLong;
            }

            if (payloadLength > 0)
            {
                Array.Copy(payload, payloadOffset, scratch, HostLinkProtocol.HeaderLength, payloadLength);
            }

            EncodeStatus status = Finish(type, sequence, payloadLength, output, offset, capacity, out length);
            if (status == EncodeStatus.Ok && version != HostLinkProtocol.Version)
            {
                // Re-encode with the requested version (tests of the decoder's version check).
                scratch[0] = version;
                return Seal(HostLinkProtocol.HeaderLength + payloadLength, output, offset, capacity, out length);
            }

            return status;
        }

        private EncodeStatus Finish(byte type, uint sequence, int payloadLength, byte[] output, int offset, int capacity, out int length)
        {
            scratch[0] = HostLinkProtocol.Version;
            scratch[1] = type;
            FieldWriter.PutUInt32(scratch, 2, sequence);
            FieldWriter.PutUInt16(scratch, 6, payloadLength);
            return Seal(HostLinkProtocol.HeaderLength + payloadLength, output, offset, capacity, out length);
        }

        private EncodeStatus Seal(int frameLength, byte[] output, int offset, int capacity, out int length)
        {
            length = 0;
            ushort crc = Crc16.Compute(scratch, 0, frameLength);
            FieldWriter.PutUInt16(scratch, frameLength, crc);
            int encoded = Cobs.Encode(scratch, 0, frameLength + HostLinkProtocol.CrcLength, output, offset, capacity - 1);
            if (encoded < 0)
            {
                return EncodeStatus.OutputTooSmall;
            }

            output[offset + encoded] = HostLinkProtocol.Delimiter;
            length = encoded + 1;
            return EncodeStatus.Ok;
        }
    }
}
