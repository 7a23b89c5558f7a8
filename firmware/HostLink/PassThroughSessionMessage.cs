namespace DualReader.Firmware.HostLink
{
    /// <summary>What a <see cref="PassThroughSessionMessage"/> asks the reader to do.</summary>
    public enum PassThroughSessionAction : byte
    {
        /// <summary>No valid action (a message without the field, or a value this version does not know).</summary>
        None = 0,
        /// <summary>Activate the device in the field and hold it in a pass-through session; when a session is
        /// already open, check that its device is still there (ISO/IEC 14443-4 presence check).</summary>
        Open = 1,
        /// <summary>Close the session (DESELECT, field off) and activate the device again: a cold start.</summary>
        Reset = 2,
        /// <summary>Close the session (DESELECT, field off); the reader then waits for the device to leave.</summary>
        Close = 3
    }

    /// <summary>
    /// Host → reader: opens (or checks), resets or closes the pass-through session without sending an APDU, so that
    /// a bridge can report a card inserted, removed and reset (PC/SC) before any APDU exists. Answered by a
    /// <see cref="PassThroughResponseRecord"/> with this message's sequence number, an outcome ("activated": a new
    /// session, the device starts cold; "present": the session goes on; "closed"; "no_device") and the identity of
    /// the device held (UID, ATQA, SAK, ATS).
    /// </summary>
    public sealed class PassThroughSessionMessage : HostLinkMessage
    {
        public override MessageType Type
        {
            get { return MessageType.PassThroughSession; }
        }

        public PassThroughSessionAction Action { get; set; }

        public override EncodeStatus Validate()
        {
            return Action == PassThroughSessionAction.None ? EncodeStatus.MissingField : EncodeStatus.Ok;
        }

        public override void WriteFields(FieldWriter writer)
        {
            writer.WriteByte(FieldTag.SessionAction, (byte)Action);
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            if (tag == FieldTag.SessionAction)
            {
                byte value = buffer[index];
                Action = value >= 1 && value <= 3 ? (PassThroughSessionAction)value : PassThroughSessionAction.None;
            }
        }
    }
}
