using DualReader.Firmware.Iso14443;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// One ISO 14443 frame as it travelled on the air, for the trace records and the pcapng export. The buffer is
    /// the caller's: <see cref="Data"/>[0..<see cref="Length"/>) is read when the record is encoded.
    /// </summary>
    public sealed class TraceFrame
    {
        /// <summary>Value bytes before the frame bytes: direction(1) bit rate(1) t_us(8) flags(1).</summary>
        public const int HeaderLength = 11;

        public FrameDirection Direction { get; set; }

        public BitRate BitRate { get; set; }

        /// <summary>Reader time the frame started (µs).</summary>
        public long TimeMicroseconds { get; set; }

        public byte[] Data { get; set; }

        public int Length { get; set; }

        /// <summary>True when the last two bytes are the CRC_A (ISO/IEC 14443-3, 6.2.4).</summary>
        public bool HasCrc { get; set; }

        /// <summary>An empty frame, filled by <see cref="Read"/> or the caller.</summary>
        public TraceFrame()
        {
        }

        public TraceFrame(FrameDirection direction, BitRate bitRate, long timeMicroseconds, byte[] data, int length, bool hasCrc)
        {
            Direction = direction;
            BitRate = bitRate;
            TimeMicroseconds = timeMicroseconds;
            Data = data;
            Length = length;
            HasCrc = hasCrc;
        }

        /// <summary>Writes the frame as one field (header, then the frame bytes); the index of the frame bytes in
        /// the writer's buffer, or -1 when it does not fit.</summary>
        internal int WriteField(FieldWriter writer, FieldTag tag)
        {
            int value = writer.BeginField(tag, HeaderLength + Length);
            if (value < 0)
            {
                return -1;
            }

            WriteHeader(writer.Buffer, value);
            System.Array.Copy(Data, 0, writer.Buffer, value + HeaderLength, Length);
            return value + HeaderLength;
        }

        /// <summary>Writes the header of a frame field value at <paramref name="index"/>.</summary>
        internal void WriteHeader(byte[] buffer, int index)
        {
            buffer[index] = (byte)Direction;
            buffer[index + 1] = (byte)BitRate;
            FieldWriter.PutUInt32(buffer, index + 2, (uint)TimeMicroseconds);
            FieldWriter.PutUInt32(buffer, index + 6, (uint)(TimeMicroseconds >> 32));
            buffer[index + 10] = (byte)(HasCrc ? 1 : 0);
        }

        /// <summary>Reads a frame field value (the header and the frame bytes).</summary>
        public static TraceFrame Read(byte[] buffer, int index, int length)
        {
            if (length < HeaderLength)
            {
                return null;
            }

            TraceFrame frame = new TraceFrame();
            frame.Direction = (FrameDirection)buffer[index];
            frame.BitRate = (BitRate)buffer[index + 1];
            frame.TimeMicroseconds = FieldReader.GetInt64(buffer, index + 2);
            frame.HasCrc = (buffer[index + 10] & 1) != 0;
            frame.Length = length - HeaderLength;
            frame.Data = FieldReader.GetBytes(buffer, index + HeaderLength, frame.Length);
            return frame;
        }
    }
}
