using System;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// Writes payload fields (<c>tag(1) length(2, LE) value</c>) into a caller-owned buffer. One instance is reused
    /// for every frame; a write that does not fit sets <see cref="Overflowed"/> and writes nothing.
    /// </summary>
    public sealed class FieldWriter
    {
        private byte[] buffer;
        private int start;
        private int position;
        private int end;
        private bool overflowed;

        /// <summary>The buffer being written.</summary>
        public byte[] Buffer
        {
            get { return buffer; }
        }

        /// <summary>Bytes written since <see cref="Reset"/>.</summary>
        public int Length
        {
            get { return position - start; }
        }

        /// <summary>True when a field did not fit: the payload is incomplete and must not be sent.</summary>
        public bool Overflowed
        {
            get { return overflowed; }
        }

        /// <summary>Starts a new payload at <paramref name="offset"/> with room for <paramref name="capacity"/> bytes.</summary>
        public void Reset(byte[] target, int offset, int capacity)
        {
            if (target == null)
            {
                throw new ArgumentNullException(nameof(target));
            }

            buffer = target;
            start = offset;
            position = offset;
            end = offset + capacity;
            overflowed = false;
        }

        /// <summary>Opens a field of <paramref name="length"/> bytes.</summary>
        /// <returns>The buffer index of the value, or -1 when it does not fit.</returns>
        public int BeginField(FieldTag tag, int length)
        {
            // Fields in locals: every record writes some twenty fields, and each field read costs the interpreter
            // about 400 instructions (bench/routines.sh).
            int at = position;
            if (overflowed || length < 0 || length > 0xFFFF || at + 3 + length > end)
            {
                overflowed = true;
                return -1;
            }

            byte[] target = buffer;
            target[at] = (byte)tag;
            target[at + 1] = (byte)length;
            target[at + 2] = (byte)(length >> 8);
            int valueIndex = at + 3;
            position = valueIndex + length;
            return valueIndex;
        }

        public void WriteByte(FieldTag tag, byte value)
        {
            int index = BeginField(tag, 1);
            if (index >= 0)
            {
                buffer[index] = value;
            }
        }

        public void WriteUInt16(FieldTag tag, int value)
        {
            int index = BeginField(tag, 2);
            if (index >= 0)
            {
                PutUInt16(buffer, index, value);
            }
        }

        public void WriteUInt32(FieldTag tag, uint value)
        {
            int index = BeginField(tag, 4);
            if (index >= 0)
            {
                PutUInt32(buffer, index, value);
            }
        }

        public void WriteInt64(FieldTag tag, long value)
        {
            int index = BeginField(tag, 8);
            if (index >= 0)
            {
                PutUInt32(buffer, index, (uint)value);
                PutUInt32(buffer, index + 4, (uint)(value >> 32));
            }
        }

        /// <summary>Writes a byte field; a null array writes nothing.</summary>
        /// <returns>The buffer index of the copied value, or -1.</returns>
        public int WriteBytes(FieldTag tag, byte[] value, int offset, int count)
        {
            if (value == null)
            {
                return -1;
            }

            int index = BeginField(tag, count);
            if (index >= 0)
            {
                Array.Copy(value, offset, buffer, index, count);
            }

            return index;
        }

        /// <summary>Writes a byte field holding the whole array; null writes nothing.</summary>
        public int WriteBytes(FieldTag tag, byte[] value)
        {
            return value == null ? -1 : WriteBytes(tag, value, 0, value.Length);
        }

        /// <summary>Writes text as ASCII (characters above 0x7E become '?'); null writes nothing.</summary>
        public void WriteText(FieldTag tag, string value)
        {
            if (value == null)
            {
                return;
            }

            int length = value.Length;
            int index = BeginField(tag, length);
            if (index < 0)
            {
                return;
            }

            byte[] target = buffer;
            for (int character = 0; character < length; character++)
            {
                char c = value[character];
                target[index + character] = c >= ' ' && c <= '~' ? (byte)c : (byte)'?';
            }
        }

        public static void PutUInt16(byte[] target, int index, int value)
        {
            target[index] = (byte)value;
            target[index + 1] = (byte)(value >> 8);
        }

        public static void PutUInt32(byte[] target, int index, uint value)
        {
            target[index] = (byte)value;
            target[index + 1] = (byte)(value >> 8);
            target[index + 2] = (byte)(value >> 16);
            target[index + 3] = (byte)(value >> 24);
        }
    }
}
