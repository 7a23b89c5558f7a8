using System;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// Streaming frame decoder: accepts bytes in chunks of any size, and reports each frame or error as it
    /// completes. Buffers are allocated once at construction; decoding allocates nothing. After an error it
    /// discards bytes up to the next 0x00 delimiter and starts over (resynchronisation).
    /// </summary>
    /// <example>
    /// <code>
    /// int position = 0;
    /// while (position &lt; count)
    /// {
    ///     DecodeStatus status = decoder.Push(data, offset + position, count - position, out int consumed);
    ///     position += consumed;
    ///     if (status == DecodeStatus.Frame) { /* decoder.MessageType, Sequence, Payload... */ }
    ///     else if (status != DecodeStatus.NeedMoreData) { /* count the error */ }
    /// }
    /// </code>
    /// </example>
    public sealed class FrameDecoder
    {
        // One buffer: the COBS bytes as they arrive, then the frame decoded in place (COBS never writes ahead of what it
        // has read), which keeps a kilobyte of a small device's heap.
        private readonly byte[] encoded = new byte[HostLinkProtocol.MaximumEncodedLength];
        private readonly byte[] frame;

        /// <summary>A decoder for frames of up to <see cref="HostLinkProtocol.MaximumFrameLength"/> bytes.</summary>
        public FrameDecoder()
        {
            frame = encoded;
        }
        private int encodedLength;
        private bool discarding;
        private long bytesConsumed;

        /// <summary>The version byte of the last frame (also set for <see cref="DecodeStatus.UnknownVersion"/>).</summary>
        public byte Version { get; private set; }

        /// <summary>The message type byte of the last frame.</summary>
        public byte MessageType { get; private set; }

        /// <summary>The sequence number of the last frame.</summary>
        public uint Sequence { get; private set; }

        /// <summary>The buffer holding the last frame; the payload starts at <see cref="PayloadOffset"/>.</summary>
        public byte[] Payload
        {
            get { return frame; }
        }

        public int PayloadOffset
        {
            get { return HostLinkProtocol.HeaderLength; }
        }

        public int PayloadLength { get; private set; }

        /// <summary>Total bytes consumed so far (the stream offset just after the last reported frame or error).</summary>
        public long BytesConsumed
        {
            get { return bytesConsumed; }
        }

        /// <summary>Forgets any partial frame.</summary>
        public void Reset()
        {
            encodedLength = 0;
            discarding = false;
        }

        /// <summary>
        /// Consumes bytes until a frame or an error completes, or the input ends.
        /// </summary>
        /// <param name="consumed">How many bytes were consumed; push the rest again.</param>
        public DecodeStatus Push(byte[] data, int offset, int count, out int consumed)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            consumed = 0;
            while (consumed < count)
            {
                byte value = data[offset + consumed];
                consumed++;
                bytesConsumed++;
                if (value != HostLinkProtocol.Delimiter)
                {
                    if (discarding)
                    {
                        continue;
                    }

                    if (encodedLength == encoded.Length)
                    {
                        // No delimiter within the largest frame: report once, then drop bytes up to the next 0x00.
                        discarding = true;
                        encodedLength = 0;
                        return DecodeStatus.Oversize;
                    }

                    encoded[encodedLength++] = value;
                    continue;
                }

                if (discarding)
                {
                    discarding = false;
                    continue;
                }

                if (encodedLength == 0)
                {
                    // Back-to-back delimiters: a sender may flush with an extra 0x00 to resynchronise the receiver.
                    continue;
                }

                int length = encodedLength;
                encodedLength = 0;
                return Complete(length);
            }

            return DecodeStatus.NeedMoreData;
        }

        /// <summary>Call at the end of a capture: <see cref="DecodeStatus.Truncated"/> when a frame was cut off.</summary>
        public DecodeStatus Finish()
        {
            bool partial = encodedLength > 0 && !discarding;
            Reset();
            return partial ? DecodeStatus.Truncated : DecodeStatus.NeedMoreData;
        }

        private DecodeStatus Complete(int length)
        {
            int decoded = Cobs.Decode(encoded, 0, length, frame, 0, HostLinkProtocol.MaximumFrameLength);
            if (decoded < 0)
            {
                return DecodeStatus.Malformed;
            }

            if (decoded < HostLinkProtocol.HeaderLength + HostLinkProtocol.CrcLength)
            {
                return DecodeStatus.Truncated;
            }

            int crcIndex = decoded - HostLinkProtocol.CrcLength;
            if (Crc16.Compute(frame, 0, crcIndex) != FieldReader.GetUInt16(frame, crcIndex))
            {
                return DecodeStatus.BadCrc;
            }

            Version = frame[0];
            MessageType = frame[1];
            Sequence = FieldReader.GetUInt32(frame, 2);
            int payloadLength = FieldReader.GetUInt16(frame, 6);
            if (Version != HostLinkProtocol.Version)
            {
                return DecodeStatus.UnknownVersion;
            }

            if (payloadLength > HostLinkProtocol.MaximumPayloadLength)
            {
                return DecodeStatus.Oversize;
            }

            int actual = crcIndex - HostLinkProtocol.HeaderLength;
            if (actual < payloadLength)
            {
                return DecodeStatus.Truncated;
            }

            if (actual > payloadLength)
            {
                return DecodeStatus.Malformed;
            }

            PayloadLength = payloadLength;
            return DecodeStatus.Frame;
        }
    }
}
