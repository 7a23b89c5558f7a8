using DualReader.Firmware.Emv;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// The reader's answer to a <see cref="PassThroughCommandMessage"/>: the device's response APDU (redacted like
    /// a trace when encoded, unless <see cref="Raw"/>) or the reason there is none ("no_device", "no_response", ...);
    /// also the answer to a <see cref="PassThroughSessionMessage"/>, then with the identity of the device held
    /// (UID, ATQA, SAK, ATS) and no response.
    /// </summary>
    public sealed class PassThroughResponseRecord : ReaderRecord
    {
        /// <summary>A record about no radio until told otherwise.</summary>
        public PassThroughResponseRecord()
            : base(ReaderInterface.Unspecified)
        {
        }

        public override MessageType Type
        {
            get { return MessageType.PassThroughResponse; }
        }

        /// <summary>The sequence number of the host's pass-through command.</summary>
        public uint HostSequence { get; set; }

        /// <summary>"ok" or an error name.</summary>
        public string Outcome { get; set; } = "ok";

        public uint DurationMicroseconds { get; set; }

        /// <summary>The command, kept so the response can be redacted in context; not sent.</summary>
        public byte[] Command { get; set; }

        public byte[] Response { get; set; }

        public int ResponseLength { get; set; }

        /// <summary>
        /// When true the response is encoded as the device sent it, not redacted: only while the reader's
        /// configuration says <c>passthrough_raw=on</c> (off by default). Not a field: the status record's config
        /// shows it.
        /// </summary>
        public bool Raw { get; set; }

        /// <summary>UID of the PICC held (answers to session commands; NFC); the first <see cref="UidLength"/> bytes.</summary>
        public byte[] Uid { get; set; }

        public int UidLength { get; set; }

        /// <summary>ATQA of the PICC held (2 bytes), or null.</summary>
        public byte[] Atqa { get; set; }

        /// <summary>SAK of the PICC held, or -1.</summary>
        public int Sak { get; set; } = -1;

        /// <summary>ATS of the PICC held (TL included, no CRC); the first <see cref="AtsLength"/> bytes; null for a
        /// PICC without ISO/IEC 14443-4.</summary>
        public byte[] Ats { get; set; }

        public int AtsLength { get; set; }

        public void SetResponse(byte[] response, int length)
        {
            Response = response;
            ResponseLength = length;
        }

        /// <summary>Sets the identity fields (buffers are referenced, not copied); null clears them.</summary>
        public void SetIdentity(byte[] uid, int uidLength, byte[] atqa, int sak, byte[] ats, int atsLength)
        {
            Uid = uid;
            UidLength = uid == null ? 0 : uidLength;
            Atqa = atqa;
            Sak = sak;
            Ats = ats;
            AtsLength = ats == null ? 0 : atsLength;
        }

        public override EncodeStatus Validate()
        {
            return Outcome == null ? EncodeStatus.MissingField : EncodeStatus.Ok;
        }

        public override void WriteFields(FieldWriter writer)
        {
            WriteCommonFields(writer);
            writer.WriteUInt32(FieldTag.HostSequence, HostSequence);
            writer.WriteText(FieldTag.Outcome, Outcome);
            writer.WriteUInt32(FieldTag.DurationMicroseconds, DurationMicroseconds);
            if (Uid != null)
            {
                writer.WriteBytes(FieldTag.Uid, Uid, 0, UidLength);
            }

            if (Atqa != null)
            {
                writer.WriteBytes(FieldTag.Atqa, Atqa, 0, 2);
            }

            if (Sak >= 0)
            {
                writer.WriteByte(FieldTag.Sak, (byte)Sak);
            }

            if (Ats != null)
            {
                writer.WriteBytes(FieldTag.Ats, Ats, 0, AtsLength);
            }

            int response = Response == null ? -1 : writer.WriteBytes(FieldTag.Response, Response, 0, ResponseLength);
            if (response >= 0 && !Raw)
            {
                TlvRedactor.RedactResponse(Command, 0, Command == null ? 0 : Command.Length, writer.Buffer, response, ResponseLength);
            }
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            switch (tag)
            {
                case FieldTag.HostSequence: HostSequence = FieldReader.GetUInt32(buffer, index); break;
                case FieldTag.Outcome: Outcome = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.DurationMicroseconds: DurationMicroseconds = FieldReader.GetUInt32(buffer, index); break;
                case FieldTag.Response: SetResponse(FieldReader.GetBytes(buffer, index, length), length); break;
                case FieldTag.Uid: Uid = FieldReader.GetBytes(buffer, index, length); UidLength = length; break;
                case FieldTag.Atqa: Atqa = length == 2 ? FieldReader.GetBytes(buffer, index, length) : null; break;
                case FieldTag.Sak: Sak = buffer[index]; break;
                case FieldTag.Ats: Ats = FieldReader.GetBytes(buffer, index, length); AtsLength = length; break;
                default: ReadCommonField(tag, buffer, index); break;
            }
        }
    }
}
