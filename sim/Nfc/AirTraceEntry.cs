namespace DualReader.Sim.Nfc
{
    /// <summary>One frame seen on the 13.56 MHz air by the model, like a line of a sniffer trace.</summary>
    public sealed class AirTraceEntry
    {
        /// <summary>Creates an entry.</summary>
        public AirTraceEntry(long startMicroseconds, bool fromReader, AirFrame frame)
        {
            StartMicroseconds = startMicroseconds;
            FromReader = fromReader;
            BitCount = frame.BitCount;
            Bytes = new byte[frame.ByteCount];
            System.Array.Copy(frame.Data, Bytes, Bytes.Length);
            Text = frame.ToString();
        }

        /// <summary>Start of the frame (µs of virtual time).</summary>
        public long StartMicroseconds { get; private set; }

        /// <summary>True for PCD to PICC.</summary>
        public bool FromReader { get; private set; }

        /// <summary>The bytes as on air, CRC_A included (the last byte may be partial).</summary>
        public byte[] Bytes { get; private set; }

        /// <summary>Data bits.</summary>
        public int BitCount { get; private set; }

        /// <summary>Lower-case hex as in the Proxmark traces ("93 20").</summary>
        public string Text { get; private set; }

        /// <inheritdoc />
        public override string ToString()
        {
            return (FromReader ? "PCD  " : "PICC ") + Text;
        }
    }
}
