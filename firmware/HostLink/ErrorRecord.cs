namespace DualReader.Firmware.HostLink
{
    /// <summary>An error the reader reports: a chip that fails its self-test or stops answering, a collision, a
    /// rejected configuration value, a host frame it could not decode.</summary>
    public sealed class ErrorRecord : HostLinkMessage
    {
        public override MessageType Type
        {
            get { return MessageType.Error; }
        }

        public ReaderInterface Interface { get; set; } = ReaderInterface.Unspecified;

        public long TimeMicroseconds { get; set; }

        /// <summary>A short snake_case name (e.g. "chip_missing", "collision", "bad_crc").</summary>
        public string Code { get; set; }

        /// <summary>Human-readable detail; never card data.</summary>
        public string Detail { get; set; }

        public override EncodeStatus Validate()
        {
            return Code == null ? EncodeStatus.MissingField : EncodeStatus.Ok;
        }

        public override void WriteFields(FieldWriter writer)
        {
            if (Interface != ReaderInterface.Unspecified)
            {
                writer.WriteByte(FieldTag.Interface, (byte)Interface);
            }

            writer.WriteInt64(FieldTag.TimeMicroseconds, TimeMicroseconds);
            writer.WriteText(FieldTag.ErrorCode, Code);
            writer.WriteText(FieldTag.ErrorDetail, Detail);
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            switch (tag)
            {
                case FieldTag.Interface: Interface = (ReaderInterface)buffer[index]; break;
                case FieldTag.TimeMicroseconds: TimeMicroseconds = FieldReader.GetInt64(buffer, index); break;
                case FieldTag.ErrorCode: Code = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.ErrorDetail: Detail = FieldReader.GetText(buffer, index, length); break;
            }
        }
    }
}
