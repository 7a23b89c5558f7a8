namespace DualReader.Firmware.HostLink
{
    /// <summary>An error the reader reports: a chip that fails its self-test or stops answering, a collision, a
    /// rejected configuration value, a host frame it could not decode.</summary>
    public sealed class ErrorRecord : ReaderRecord
    {
        /// <summary>A record about no radio until told otherwise.</summary>
        public ErrorRecord()
            : base(ReaderInterface.Unspecified)
        {
        }

        public override MessageType Type
        {
            get { return MessageType.Error; }
        }

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
            WriteCommonFields(writer);
            writer.WriteText(FieldTag.ErrorCode, Code);
            writer.WriteText(FieldTag.ErrorDetail, Detail);
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            switch (tag)
            {
                case FieldTag.ErrorCode: Code = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.ErrorDetail: Detail = FieldReader.GetText(buffer, index, length); break;
                default: ReadCommonField(tag, buffer, index); break;
            }
        }
    }
}
