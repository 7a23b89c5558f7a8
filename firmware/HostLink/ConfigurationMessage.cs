using System.Collections;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// Host → reader: configuration as "key=value" entries (see PROTOCOL.md for the keys: nfc_poll_ms,
    /// rfsim_poll_ms, pps_max, read_depth, trace, pdol.&lt;tag&gt;). The reader validates each and answers with a
    /// <see cref="ConfigurationResultRecord"/>.
    /// </summary>
    public sealed class ConfigurationMessage : HostLinkMessage
    {
        private readonly ArrayList entries = new ArrayList();

        public override MessageType Type
        {
            get { return MessageType.Configuration; }
        }

        /// <summary>The "key=value" strings.</summary>
        public ArrayList Entries
        {
            get { return entries; }
        }

        public void Add(string key, string value)
        {
            entries.Add(key + "=" + value);
        }

        public override void WriteFields(FieldWriter writer)
        {
            for (int index = 0; index < entries.Count; index++)
            {
                writer.WriteText(FieldTag.ConfigurationEntry, (string)entries[index]);
            }
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            if (tag == FieldTag.ConfigurationEntry)
            {
                entries.Add(FieldReader.GetText(buffer, index, length));
            }
        }
    }
}
