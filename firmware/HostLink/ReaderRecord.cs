namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// A record the reader sends: every one carries the reader time it is about (PROTOCOL.md, field 0x02) and, where
    /// it concerns one radio, that radio (field 0x01, left out when <see cref="ReaderInterface.Unspecified"/>). The
    /// two common fields are written first, in this order, by every record.
    /// </summary>
    public abstract class ReaderRecord : HostLinkMessage
    {
        /// <summary>A record about <paramref name="defaultInterface"/> until told otherwise.</summary>
        protected ReaderRecord(ReaderInterface defaultInterface)
        {
            Interface = defaultInterface;
        }

        /// <summary>The radio the record is about, or <see cref="ReaderInterface.Unspecified"/>.</summary>
        public ReaderInterface Interface { get; set; }

        /// <summary>Reader time the record is about (µs, monotonic clock).</summary>
        public long TimeMicroseconds { get; set; }

        /// <summary>Writes the interface (when one is set) and the time.</summary>
        protected void WriteCommonFields(FieldWriter writer)
        {
            if (Interface != ReaderInterface.Unspecified)
            {
                writer.WriteByte(FieldTag.Interface, (byte)Interface);
            }

            writer.WriteInt64(FieldTag.TimeMicroseconds, TimeMicroseconds);
        }

        /// <summary>Reads a common field; other tags are ignored (a newer firmware's fields, PROTOCOL.md 3).</summary>
        protected void ReadCommonField(FieldTag tag, byte[] buffer, int index)
        {
            if (tag == FieldTag.Interface)
            {
                Interface = (ReaderInterface)buffer[index];
            }
            else if (tag == FieldTag.TimeMicroseconds)
            {
                TimeMicroseconds = FieldReader.GetInt64(buffer, index);
            }
        }
    }
}
