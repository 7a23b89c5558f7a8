namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// Host → reader: an APDU for the device in the field (the reader as a UART APDU bridge); answered by a
    /// <see cref="PassThroughResponseRecord"/> carrying this message's sequence number.
    /// </summary>
    public sealed class PassThroughCommandMessage : HostLinkMessage
    {
        public override MessageType Type
        {
            get { return MessageType.PassThroughCommand; }
        }

        public byte[] Apdu { get; set; }

        public override EncodeStatus Validate()
        {
            // A command APDU has at least CLA INS P1 P2 (ISO/IEC 7816-4, 5.1).
            return Apdu == null || Apdu.Length < 4 ? EncodeStatus.MissingField : EncodeStatus.Ok;
        }

        public override void WriteFields(FieldWriter writer)
        {
            writer.WriteBytes(FieldTag.Apdu, Apdu);
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            if (tag == FieldTag.Apdu)
            {
                Apdu = FieldReader.GetBytes(buffer, index, length);
            }
        }
    }
}
