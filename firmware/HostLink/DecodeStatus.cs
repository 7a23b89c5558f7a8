namespace DualReader.Firmware.HostLink
{
    /// <summary>What the streaming decoder found. Every error is followed by a resynchronisation at the next 0x00.</summary>
    public enum DecodeStatus : byte
    {
        /// <summary>All input consumed, no frame complete yet.</summary>
        NeedMoreData = 0,
        /// <summary>A valid frame: read it from the decoder's properties before pushing more bytes.</summary>
        Frame = 1,
        /// <summary>The CRC-16 did not match (noise, or a frame whose start was lost).</summary>
        BadCrc = 2,
        /// <summary>More bytes than the largest frame arrived before a delimiter, or the header declares a payload
        /// over the limit.</summary>
        Oversize = 3,
        /// <summary>A delimiter came before a complete frame (shorter than header + CRC, or than the length in the
        /// header), or the input ended mid-frame (<see cref="FrameDecoder.Finish"/>).</summary>
        Truncated = 4,
        /// <summary>A valid frame of a protocol version this decoder does not speak.</summary>
        UnknownVersion = 5,
        /// <summary>Bytes that are not valid COBS, or a frame longer than its header says.</summary>
        Malformed = 6
    }

    /// <summary>The names of <see cref="DecodeStatus"/> (for logs and test failures: nanoFramework's Enum.ToString gives the number).</summary>
    public static class DecodeStatusNames
    {
        private static readonly string[] Names = new string[] { "NeedMoreData", "Frame", "BadCrc", "Oversize", "Truncated", "UnknownVersion", "Malformed" };

        /// <summary>The name of <paramref name="value"/>, or its number when it has none.</summary>
        public static string Name(DecodeStatus value)
        {
            int index = (int)value;
            return index >= 0 && index < Names.Length ? Names[index] : index.ToString();
        }
    }

}
