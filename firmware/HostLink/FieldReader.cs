namespace DualReader.Firmware.HostLink
{
    /// <summary>Reads little-endian integers and ASCII text out of payload field values.</summary>
    public static class FieldReader
    {
        public static int GetUInt16(byte[] buffer, int index)
        {
            return buffer[index] | (buffer[index + 1] << 8);
        }

        public static uint GetUInt32(byte[] buffer, int index)
        {
            return (uint)(buffer[index] | (buffer[index + 1] << 8) | (buffer[index + 2] << 16) | (buffer[index + 3] << 24));
        }

        public static long GetInt64(byte[] buffer, int index)
        {
            return (long)GetUInt32(buffer, index) | ((long)GetUInt32(buffer, index + 4) << 32);
        }

        /// <summary>An unsigned integer of 1, 2, 4 or 8 bytes (fields may widen in later versions).</summary>
        public static long GetUnsigned(byte[] buffer, int index, int length)
        {
            long value = 0;
            for (int position = length - 1; position >= 0; position--)
            {
                value = (value << 8) | buffer[index + position];
            }

            return value;
        }

        public static string GetText(byte[] buffer, int index, int length)
        {
            char[] characters = new char[length];
            for (int position = 0; position < length; position++)
            {
                byte value = buffer[index + position];
                characters[position] = value >= 0x20 && value <= 0x7E ? (char)value : '?';
            }

            return new string(characters);
        }

        public static byte[] GetBytes(byte[] buffer, int index, int length)
        {
            byte[] copy = new byte[length];
            System.Array.Copy(buffer, index, copy, 0, length);
            return copy;
        }
    }
}
