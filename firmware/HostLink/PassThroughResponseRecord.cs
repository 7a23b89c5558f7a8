namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// The reader's answer to a <see cref="PassThroughCommandMessage"/>: the device's response APDU (redacted like
    /// a trace when encoded) or the reason there is none ("no_device", "no_response", ...).
    /// </summary>
    public sealed class PassThroughResponseRecord : HostLinkMessage
    {
        public override MessageType Type
        {
            get { return MessageType.PassThroughResponse; }
        }

        public ReaderInterface Interface { get; set; } = ReaderInterface.Unspecified;

        public long TimeMicroseconds { get; set; }

        /// <summary>The sequence number of the host's pass-through command.</summary>
        public uint HostSequence { get; set; }

        /// <summary>"ok" or an error name.</summary>
        public string Outcome { get; set; } = "ok";

        public uint DurationMicroseconds { get; set; }

        /// <summary>The command, kept so the response can be redacted in context; not sent.</summary>
        public byte[] Command { get; set; }

        public byte[] Response { get; set; }

        public int ResponseLength { get; set; }

        public void SetResponse(byte[] response, int length)
        {
            Response = response;
            ResponseLength = length;
        }

        public override EncodeStatus Validate()
        {
            return Outcome == null ? EncodeStatus.MissingField : EncodeStatus.Ok;
        }

        public override void WriteFields(FieldWriter writer)
        {
            if (Interface != ReaderInterface.Unspecified)
            {
                writer.WriteByte(FieldTag.Interface, (byte)Interface);
            }

            writer.WriteInt64(FieldTag.TimeMicroseconds, TimeMicroseconds);
            writer.WriteUInt32(FieldTag.HostSequence, HostSequence);
            writer.WriteText(FieldTag.Outcome, Outcome);
            writer.WriteUInt32(FieldTag.DurationMicroseconds, DurationMicroseconds);
            int response = Response == null ? -1 : writer.WriteBytes(FieldTag.Response, Response, 0, ResponseLength);
            if (response >= 0)
            {
                TlvRedactor.RedactResponse(Command, 0, Command == null ? 0 : Command.Length, writer.Buffer, response, ResponseLength);
            }
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            switch (tag)
            {
                case FieldTag.Interface: Interface = (ReaderInterface)buffer[index]; break;
                case FieldTag.TimeMicroseconds: TimeMicroseconds = FieldReader.GetInt64(buffer, index); break;
                case FieldTag.HostSequence: HostSequence = FieldReader.GetUInt32(buffer, index); break;
                case FieldTag.Outcome: Outcome = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.DurationMicroseconds: DurationMicroseconds = FieldReader.GetUInt32(buffer, index); break;
                case FieldTag.Response: SetResponse(FieldReader.GetBytes(buffer, index, length), length); break;
            }
        }
    }
}
