namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// "lost N": the reader dropped <see cref="Count"/> unacknowledged records, the oldest, because its queue was
    /// full. They had sequence numbers from <see cref="FirstSequence"/> to <see cref="LastSequence"/>; sequence
    /// numbers of lost records inside that range were not dropped (see PROTOCOL.md, "Nothing lost").
    /// </summary>
    public sealed class LostRecord : ReaderRecord
    {
        /// <summary>A record about no radio until told otherwise.</summary>
        public LostRecord()
            : base(ReaderInterface.Unspecified)
        {
        }

        public override MessageType Type
        {
            get { return MessageType.Lost; }
        }

        public uint FirstSequence { get; set; }

        public uint LastSequence { get; set; }

        public uint Count { get; set; }

        public override void WriteFields(FieldWriter writer)
        {
            WriteCommonFields(writer);
            writer.WriteUInt32(FieldTag.LostFirstSequence, FirstSequence);
            writer.WriteUInt32(FieldTag.LostLastSequence, LastSequence);
            writer.WriteUInt32(FieldTag.LostCount, Count);
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            switch (tag)
            {
                case FieldTag.LostFirstSequence: FirstSequence = FieldReader.GetUInt32(buffer, index); break;
                case FieldTag.LostLastSequence: LastSequence = FieldReader.GetUInt32(buffer, index); break;
                case FieldTag.LostCount: Count = FieldReader.GetUInt32(buffer, index); break;
                default: ReadCommonField(tag, buffer, index); break;
            }
        }
    }
}
