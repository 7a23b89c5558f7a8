using System;

namespace DualReader.Firmware.Iso14443
{
    /// <summary>What ISO/IEC 14443-3A activation learned about a PICC: UID, ATQA and SAK (6.5.2, 6.5.3).</summary>
    public sealed class PiccIdentity
    {
        /// <summary>Largest UID: triple size (ISO/IEC 14443-3 6.5.4).</summary>
        public const int MaximumUidLength = 10;

        private readonly byte[] uid = new byte[MaximumUidLength];
        private readonly byte[] atqa = new byte[2];

        /// <summary>The UID bytes; only the first <see cref="UidLength"/> are valid. The array is reused.</summary>
        public byte[] Uid
        {
            get { return uid; }
        }

        /// <summary>4, 7 or 10.</summary>
        public int UidLength { get; set; }

        /// <summary>ATQA as received, LSB first (the trace's "04 00").</summary>
        public byte[] Atqa
        {
            get { return atqa; }
        }

        /// <summary>True when several PICCs answered REQA/WUPA with different ATQA bits: <see cref="Atqa"/> is then
        /// the superposition, not this PICC's own (ISO/IEC 14443-3 6.5.2: ATQA may collide).</summary>
        public bool AtqaCollided { get; set; }

        /// <summary>
        /// True when more than one PICC answered during the activation that selected this one (ATQA or anticollision
        /// bits collided, ISO/IEC 14443-3 6.5.2 / 6.5.3.2): the PICC is selected, but it is not alone in the field.
        /// </summary>
        public bool CollisionSeen { get; set; }

        /// <summary>SAK of the last cascade level.</summary>
        public byte Sak { get; set; }

        /// <summary>True when SAK bit 6 (0x20) says the PICC speaks ISO/IEC 14443-4 (6.5.3.4).</summary>
        public bool SupportsIsoDep
        {
            get { return (Sak & 0x20) != 0; }
        }

        /// <summary>Clears everything.</summary>
        public void Clear()
        {
            Array.Clear(uid, 0, uid.Length);
            atqa[0] = 0;
            atqa[1] = 0;
            UidLength = 0;
            Sak = 0;
            AtqaCollided = false;
            CollisionSeen = false;
        }

        /// <summary>The UID as upper-case hex without separators (for logs: a UID is not secret).</summary>
        public string UidHex()
        {
            return Hex(uid, UidLength);
        }

        /// <summary>The ATQA as upper-case hex, byte order as received.</summary>
        public string AtqaHex()
        {
            return Hex(atqa, 2);
        }

        private static string Hex(byte[] bytes, int count)
        {
            string text = string.Empty;
            for (int i = 0; i < count; i++)
            {
                text += bytes[i].ToString("X2");
            }

            return text;
        }
    }
}
