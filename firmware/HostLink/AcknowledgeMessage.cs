namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// Host → reader: the host holds every record up to and including <see cref="AcknowledgedSequence"/>
    /// (received, or covered by a lost record). Cumulative: a later ack covers the earlier ones.
    /// </summary>
    public sealed class AcknowledgeMessage : HostLinkMessage
    {
        public override MessageType Type
        {
            get { return MessageType.Acknowledge; }
        }

        public uint AcknowledgedSequence { get; set; }

        public override void WriteFields(FieldWriter writer)
        {
            writer.WriteUInt32(FieldTag.AcknowledgedSequence, AcknowledgedSequence);
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            if (tag == FieldTag.AcknowledgedSequence)
            {
                AcknowledgedSequence = FieldReader.GetUInt32(buffer, index);
            }
        }

        /// <summary>
        /// Reads the acknowledged sequence straight from a decoded payload, without allocating (the reader's hot
        /// path: one ack per record).
        /// </summary>
        public static bool TryReadSequence(byte[] payload, int offset, int count, out uint sequence)
        {
            sequence = 0;
            int position = offset;
            int end = offset + count;
            while (position + 3 <= end)
            {
                int tag = payload[position];
                int length = FieldReader.GetUInt16(payload, position + 1);
                int value = position + 3;
                if (value + length > end)
                {
                    return false;
                }

                if (tag == (int)FieldTag.AcknowledgedSequence && length >= 4)
                {
                    sequence = FieldReader.GetUInt32(payload, value);
                    return true;
                }

                position = value + length;
            }

            return false;
        }
    }
}
