using System;
using DualReader.Firmware.Tlv;
using DualReader.Hal;

namespace DualReader.Firmware.Emv
{
    /// <summary>
    /// The terminal data objects a card may ask for in its PDOL (EMV Book 3 5.4, qPBOC / Visa / Mastercard kernels):
    /// 9F66 TTQ, 9F02 amount, 9F03 other amount, 9F1A country, 95 TVR, 5F2A currency, 9A date, 9C type, 9F37
    /// unpredictable number, 9F35 terminal type. Configurable with <see cref="SetValue"/>; unknown tags are zeros.
    /// </summary>
    public sealed class TerminalData : IDataObjectSource
    {
        private const int Capacity = 24;

        private readonly int[] tags = new int[Capacity];
        private readonly byte[][] values = new byte[Capacity][];
        private readonly bool[] numeric = new bool[Capacity];
        private readonly byte[] unpredictable = new byte[4];
        private int count;

        /// <summary>Defaults for reading in China: TTQ 36 00 40 00 (qPBOC/qVSDC, contact EMV, online PIN, signature,
        /// consumer device CVM), amount 0, country and currency 156, date 2026-01-01, type 00 (goods and services),
        /// terminal type 22 (attended, offline with online capability).</summary>
        public TerminalData()
        {
            RestoreDefaults();
        }

        /// <summary>How many more data objects <see cref="SetValue"/> accepts for tags not set yet.</summary>
        public int FreeEntries
        {
            get { return Capacity - count; }
        }

        /// <summary>Forgets every value set since construction and sets the defaults again (see the constructor).
        /// Called when the host changes its pdol.* entries, so that a removed entry falls back to its default.</summary>
        public void RestoreDefaults()
        {
            Array.Clear(values, 0, Capacity);
            count = 0;
            SetValue(EmvTags.TerminalTransactionQualifiers, new byte[] { 0x36, 0x00, 0x40, 0x00 });
            SetValue(EmvTags.AmountAuthorised, new byte[6]);
            SetValue(EmvTags.AmountOther, new byte[6]);
            SetValue(EmvTags.TerminalCountryCode, new byte[] { 0x01, 0x56 });
            SetValue(EmvTags.TerminalVerificationResults, new byte[5]);
            SetValue(EmvTags.TransactionCurrencyCode, new byte[] { 0x01, 0x56 });
            SetValue(EmvTags.TransactionDate, new byte[] { 0x26, 0x01, 0x01 });
            SetValue(EmvTags.TransactionType, new byte[] { 0x00 });
            SetValue(EmvTags.TerminalType, new byte[] { 0x22 });
        }

        /// <summary>Sets the value of <paramref name="tag"/>, aligned as its format in <see cref="EmvTags"/> says.</summary>
        public void SetValue(int tag, byte[] value)
        {
            SetValue(tag, value, EmvTags.Format(tag) == TagFormat.Numeric);
        }

        /// <summary>
        /// Sets the value of <paramref name="tag"/>. <paramref name="isNumeric"/> (format n) values are right-aligned
        /// with leading zeros when a DOL asks for more bytes and lose leading bytes when it asks for fewer; other
        /// values are left-aligned and padded or cut on the right (EMV Book 3, 5.4).
        /// </summary>
        public void SetValue(int tag, byte[] value, bool isNumeric)
        {
            if (value == null)
            {
                throw new ArgumentNullException("value");
            }

            for (int i = 0; i < count; i++)
            {
                if (tags[i] == tag)
                {
                    values[i] = value;
                    numeric[i] = isNumeric;
                    return;
                }
            }

            if (count == Capacity)
            {
                throw new InvalidOperationException("too many terminal data objects");
            }

            tags[count] = tag;
            values[count] = value;
            numeric[count] = isNumeric;
            count++;
        }

        /// <summary>Draws a fresh 9F37 from <paramref name="random"/> (before each GET PROCESSING OPTIONS).</summary>
        public void RefreshUnpredictableNumber(IRandomSource random)
        {
            random.NextBytes(unpredictable, 0, unpredictable.Length);
        }

        /// <inheritdoc />
        public void WriteValue(int tag, byte[] destination, int offset, int length)
        {
            Array.Clear(destination, offset, length);
            byte[] value = null;
            bool isNumeric = false;
            if (tag == EmvTags.UnpredictableNumber)
            {
                value = unpredictable;
            }
            else
            {
                int[] known = tags;
                for (int i = 0; i < count; i++)
                {
                    if (known[i] == tag)
                    {
                        value = values[i];
                        isNumeric = numeric[i];
                        break;
                    }
                }
            }

            if (value == null)
            {
                return;
            }

            int copy = value.Length < length ? value.Length : length;
            if (isNumeric)
            {
                Array.Copy(value, value.Length - copy, destination, offset + length - copy, copy);
            }
            else
            {
                Array.Copy(value, 0, destination, offset, copy);
            }
        }
    }
}
