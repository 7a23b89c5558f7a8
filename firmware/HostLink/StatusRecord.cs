namespace DualReader.Firmware.HostLink
{
    /// <summary>The start-up self-test and the answer to a status request.</summary>
    public sealed class StatusRecord : ReaderRecord
    {
        /// <summary>A record about no radio until told otherwise.</summary>
        public StatusRecord()
            : base(ReaderInterface.Unspecified)
        {
        }

        public override MessageType Type
        {
            get { return MessageType.Status; }
        }

        /// <summary>MFRC522 VersionReg (datasheet 9.3.4.8: 0x91 v1.0, 0x92 v2.0, others clones); -1 when unread.</summary>
        public int Mfrc522Version { get; set; } = -1;

        /// <summary>"ok", "missing", "fake", "unresponsive".</summary>
        public string Mfrc522Health { get; set; }

        /// <summary>"ok", "missing", "fake", "unresponsive".</summary>
        public string Nrf24Health { get; set; }

        /// <summary>Bit 0: the MFRC522 looks like a clone; bit 1: the nRF24L01+ looks like a clone (e.g. Si24R1).</summary>
        public byte CloneFlags { get; set; }

        /// <summary>The active configuration as "key=value" pairs separated by spaces.</summary>
        public string ConfigurationSummary { get; set; }

        public string FirmwareVersion { get; set; }

        /// <summary>The MFRC522 digital self-test's verdict at start-up (datasheet 16.1.1): "genuine", "clone" or
        /// "unknown"; null when no self-test ran (no chip).</summary>
        public string SelfTest { get; set; }

        /// <summary>Which known reference table the self-test output matched ("mfrc522_v1", "mfrc522_v2",
        /// "fm17522", ...); null when none did.</summary>
        public string SelfTestMatch { get; set; }

        public override void WriteFields(FieldWriter writer)
        {
            WriteCommonFields(writer);
            if (Mfrc522Version >= 0)
            {
                writer.WriteByte(FieldTag.Mfrc522Version, (byte)Mfrc522Version);
            }

            writer.WriteText(FieldTag.Mfrc522Health, Mfrc522Health);
            writer.WriteText(FieldTag.Nrf24Health, Nrf24Health);
            writer.WriteByte(FieldTag.CloneFlags, CloneFlags);
            writer.WriteText(FieldTag.ConfigurationSummary, ConfigurationSummary);
            writer.WriteText(FieldTag.FirmwareVersion, FirmwareVersion);
            writer.WriteText(FieldTag.SelfTest, SelfTest);
            writer.WriteText(FieldTag.SelfTestMatch, SelfTestMatch);
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            switch (tag)
            {
                case FieldTag.Mfrc522Version: Mfrc522Version = buffer[index]; break;
                case FieldTag.Mfrc522Health: Mfrc522Health = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.Nrf24Health: Nrf24Health = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.CloneFlags: CloneFlags = buffer[index]; break;
                case FieldTag.ConfigurationSummary: ConfigurationSummary = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.FirmwareVersion: FirmwareVersion = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.SelfTest: SelfTest = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.SelfTestMatch: SelfTestMatch = FieldReader.GetText(buffer, index, length); break;
                default: ReadCommonField(tag, buffer, index); break;
            }
        }
    }
}
