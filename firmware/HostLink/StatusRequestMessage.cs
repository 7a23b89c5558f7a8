namespace DualReader.Firmware.HostLink
{
    /// <summary>Host → reader: asks for a <see cref="StatusRecord"/>. No fields.</summary>
    public sealed class StatusRequestMessage : HostLinkMessage
    {
        public override MessageType Type
        {
            get { return MessageType.StatusRequest; }
        }

        public override void WriteFields(FieldWriter writer)
        {
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
        }
    }
}
