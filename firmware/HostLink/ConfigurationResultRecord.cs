using System.Collections;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// The reader's answer to a <see cref="ConfigurationMessage"/>: one entry per key, "key=ok" or
    /// "key=error: reason". A rejected value leaves the old one in force.
    /// </summary>
    public sealed class ConfigurationResultRecord : ReaderRecord
    {
        private readonly ArrayList entries = new ArrayList();

        /// <summary>A record about no radio until told otherwise.</summary>
        public ConfigurationResultRecord()
            : base(ReaderInterface.Unspecified)
        {
        }

        public override MessageType Type
        {
            get { return MessageType.ConfigurationResult; }
        }

        /// <summary>The sequence number of the host's configuration message.</summary>
        public uint HostSequence { get; set; }

        /// <summary>True when every entry was accepted.</summary>
        public bool Accepted { get; set; }

        /// <summary>Result strings ("key=ok", "key=error: reason").</summary>
        public ArrayList Entries
        {
            get { return entries; }
        }

        public override void WriteFields(FieldWriter writer)
        {
            WriteCommonFields(writer);
            writer.WriteUInt32(FieldTag.HostSequence, HostSequence);
            writer.WriteByte(FieldTag.Accepted, (byte)(Accepted ? 1 : 0));
            for (int index = 0; index < entries.Count; index++)
            {
                writer.WriteText(FieldTag.ConfigurationEntry, (string)entries[index]);
            }
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            switch (tag)
            {
                case FieldTag.HostSequence: HostSequence = FieldReader.GetUInt32(buffer, index); break;
                case FieldTag.Accepted: Accepted = buffer[index] != 0; break;
                case FieldTag.ConfigurationEntry: entries.Add(FieldReader.GetText(buffer, index, length)); break;
                default: ReadCommonField(tag, buffer, index); break;
            }
        }
    }
}
