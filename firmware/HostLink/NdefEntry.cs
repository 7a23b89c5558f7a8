using System.Text;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// One NDEF record of a tag as a transaction record carries it (field 0x14, PROTOCOL.md 3): its type ("U" URI,
    /// "T" text, or the record's own type name) and its value as text. On the wire: one byte type length, the type in
    /// ASCII, then the value in UTF-8 (a text record may be in any language).
    /// </summary>
    public sealed class NdefEntry
    {
        /// <summary>The longest type name carried (NFC Forum RTD names are short; longer ones are cut).</summary>
        public const int MaximumTypeLength = 32;

        /// <summary>An entry of <paramref name="type"/> with <paramref name="value"/>.</summary>
        public NdefEntry(string type, string value)
        {
            Type = type == null ? string.Empty : type;
            Value = value == null ? string.Empty : value;
        }

        /// <summary>"U", "T" or the record's type name.</summary>
        public string Type { get; private set; }

        /// <summary>The URI, the text, or for other types a short description.</summary>
        public string Value { get; private set; }

        /// <summary>Writes the entry as one field.</summary>
        public void Write(FieldWriter writer, FieldTag tag)
        {
            int typeLength = Type.Length > MaximumTypeLength ? MaximumTypeLength : Type.Length;
            byte[] value = Encoding.UTF8.GetBytes(Value);
            int index = writer.BeginField(tag, 1 + typeLength + value.Length);
            if (index < 0)
            {
                return;
            }

            byte[] buffer = writer.Buffer;
            buffer[index] = (byte)typeLength;
            for (int position = 0; position < typeLength; position++)
            {
                char c = Type[position];
                buffer[index + 1 + position] = c >= (char)0x20 && c <= (char)0x7E ? (byte)c : (byte)'?';
            }

            System.Array.Copy(value, 0, buffer, index + 1 + typeLength, value.Length);
        }

        /// <summary>Reads an entry written by <see cref="Write"/>, or null when the field is malformed.</summary>
        public static NdefEntry Read(byte[] buffer, int index, int length)
        {
            if (length < 1 || buffer[index] > length - 1)
            {
                return null;
            }

            int typeLength = buffer[index];
            string type = FieldReader.GetText(buffer, index + 1, typeLength);
            string value = new string(Encoding.UTF8.GetChars(buffer, index + 1 + typeLength, length - 1 - typeLength));
            return new NdefEntry(type, value);
        }
    }
}
