using System;

namespace DualReader.Firmware.Mfrc522
{
    /// <summary>What the digital self-test says about the chip. Values are only added, never renumbered; the names
    /// are <see cref="SelfTestVerdictNames"/>.</summary>
    public enum SelfTestVerdict : byte
    {
        /// <summary>The output matches no known table, matches one that contradicts VersionReg, or the test did not
        /// complete.</summary>
        Unknown = 0,
        /// <summary>The output is NXP's reference for the version VersionReg names (0x91: v1.0, 0x92: v2.0).</summary>
        Genuine = 1,
        /// <summary>The output is a known clone's table (<see cref="Mfrc522SelfTest.Matched"/> says which).</summary>
        Clone = 2
    }

    /// <summary>The one name table of <see cref="SelfTestVerdict"/> (host-link strings).</summary>
    public static class SelfTestVerdictNames
    {
        private static readonly string[] Names = new string[] { "unknown", "genuine", "clone" };

        /// <summary>"unknown", "genuine" or "clone".</summary>
        public static string Name(SelfTestVerdict verdict)
        {
            int index = (int)verdict;
            return index >= 0 && index < Names.Length ? Names[index] : "unknown";
        }
    }

    /// <summary>The self-test output tables the driver knows. Values are only added, never renumbered; the names are
    /// <see cref="SelfTestReferenceNames"/>.</summary>
    public enum SelfTestReference : byte
    {
        /// <summary>No table matched.</summary>
        None = 0,
        /// <summary>NXP MFRC522 v1.0 (VersionReg 0x91), datasheet 16.1.1.</summary>
        Mfrc522Version1 = 1,
        /// <summary>NXP MFRC522 v2.0 (VersionReg 0x92), datasheet 16.1.1.</summary>
        Mfrc522Version2 = 2,
        /// <summary>Fudan FM17522 (VersionReg 0x88), a register-compatible clone.</summary>
        Fm17522 = 3
    }

    /// <summary>The one name table of <see cref="SelfTestReference"/>.</summary>
    public static class SelfTestReferenceNames
    {
        private static readonly string[] Names = new string[] { "none", "mfrc522_v1", "mfrc522_v2", "fm17522" };

        /// <summary>"none", "mfrc522_v1", "mfrc522_v2" or "fm17522".</summary>
        public static string Name(SelfTestReference reference)
        {
            int index = (int)reference;
            return index >= 0 && index < Names.Length ? Names[index] : "none";
        }
    }

    /// <summary>
    /// The MFRC522 digital self-test (datasheet rev 3.9, 16.1.1): the chip writes 64 bytes to its FIFO, which are
    /// compared with NXP's reference bytes for the version VersionReg claims and with the known clone table, so a
    /// clone that reports 0x91/0x92 in VersionReg is still found (peers do the same: the Arduino MFRC522 library's
    /// PCD_PerformSelfTest, miguelbalboa/rfid).
    /// </summary>
    /// <remarks>
    /// Run it once at start-up after <see cref="Mfrc522.Initialize"/>: it soft-resets the chip and initialises it again
    /// afterwards (antenna off), about 25 SPI calls. Tables: v1.0 and v2.0 as printed in the datasheet 16.1.1 (rev 3.8,
    /// 17 September 2014, and later); FM17522 as published in the Arduino MFRC522 library's MFRC522.h
    /// ("FM17522_firmware_reference", miguelbalboa/rfid, commit 097a3b8), measured on Fudan chips.
    /// </remarks>
    public sealed class Mfrc522SelfTest
    {
        /// <summary>Bytes the self-test writes to the FIFO (16.1.1 step 7).</summary>
        public const int OutputLength = 64;

        // Datasheet 16.1.1, version 1.0 (0x91).
        private static readonly byte[] Version1 = new byte[]
        {
            0x00, 0xC6, 0x37, 0xD5, 0x32, 0xB7, 0x57, 0x5C, 0xC2, 0xD8, 0x7C, 0x4D, 0xD9, 0x70, 0xC7, 0x73,
            0x10, 0xE6, 0xD2, 0xAA, 0x5E, 0xA1, 0x3E, 0x5A, 0x14, 0xAF, 0x30, 0x61, 0xC9, 0x70, 0xDB, 0x2E,
            0x64, 0x22, 0x72, 0xB5, 0xBD, 0x65, 0xF4, 0xEC, 0x22, 0xBC, 0xD3, 0x72, 0x35, 0xCD, 0xAA, 0x41,
            0x1F, 0xA7, 0xF3, 0x53, 0x14, 0xDE, 0x7E, 0x02, 0xD9, 0x0F, 0xB5, 0x5E, 0x25, 0x1D, 0x29, 0x79
        };

        // Datasheet 16.1.1, version 2.0 (0x92).
        private static readonly byte[] Version2 = new byte[]
        {
            0x00, 0xEB, 0x66, 0xBA, 0x57, 0xBF, 0x23, 0x95, 0xD0, 0xE3, 0x0D, 0x3D, 0x27, 0x89, 0x5C, 0xDE,
            0x9D, 0x3B, 0xA7, 0x00, 0x21, 0x5B, 0x89, 0x82, 0x51, 0x3A, 0xEB, 0x02, 0x0C, 0xA5, 0x00, 0x49,
            0x7C, 0x84, 0x4D, 0xB3, 0xCC, 0xD2, 0x1B, 0x81, 0x5D, 0x48, 0x76, 0xD5, 0x71, 0x61, 0x21, 0xA9,
            0x86, 0x96, 0x83, 0x38, 0xCF, 0x9D, 0x5B, 0x6D, 0xDC, 0x15, 0xBA, 0x3E, 0x7D, 0x95, 0x3B, 0x2F
        };

        // Fudan FM17522 (0x88): miguelbalboa/rfid MFRC522.h, FM17522_firmware_reference.
        private static readonly byte[] Fm17522Table = new byte[]
        {
            0x00, 0xD6, 0x78, 0x8C, 0xE2, 0xAA, 0x0C, 0x18, 0x2A, 0xB8, 0x7A, 0x7F, 0xD3, 0x6A, 0xCF, 0x0B,
            0xB1, 0x37, 0x63, 0x4B, 0x69, 0xAE, 0x91, 0xC7, 0xC3, 0x97, 0xAE, 0x77, 0xF4, 0x37, 0xD7, 0x9B,
            0x7C, 0xF5, 0x3C, 0x11, 0x8F, 0x15, 0xC3, 0xD7, 0xC1, 0x5B, 0x00, 0x2A, 0xD0, 0x75, 0xDE, 0x9E,
            0x51, 0x64, 0xAB, 0x3E, 0xE9, 0x15, 0xB5, 0xAB, 0x56, 0x9A, 0x98, 0x82, 0x26, 0xEA, 0x2A, 0x62
        };

        private readonly Mfrc522 driver;
        private readonly byte[] output = new byte[OutputLength];

        /// <summary>A self-test of <paramref name="driver"/>'s chip (the output buffer is allocated here, once).</summary>
        public Mfrc522SelfTest(Mfrc522 driver)
        {
            if (driver == null)
            {
                throw new ArgumentNullException("driver");
            }

            this.driver = driver;
        }

        /// <summary>The 64 bytes of the last run (all zero before one, or when it did not complete).</summary>
        public byte[] Output
        {
            get { return output; }
        }

        /// <summary>True when the last run filled the FIFO within the time allowed.</summary>
        public bool Completed { get; private set; }

        /// <summary>The table the last output matched, whatever VersionReg said.</summary>
        public SelfTestReference Matched { get; private set; }

        /// <summary>The last verdict (<see cref="SelfTestVerdict.Unknown"/> before a run).</summary>
        public SelfTestVerdict Verdict { get; private set; }

        /// <summary>
        /// Runs the self-test on an initialised chip, classifies the output against <see cref="Mfrc522.Version"/> and
        /// initialises the chip again (antenna off). Throws <see cref="Mfrc522Exception"/> only when the chip does not
        /// come back from its reset, as <see cref="Mfrc522.Initialize"/> does.
        /// </summary>
        public SelfTestVerdict Run()
        {
            Array.Clear(output, 0, OutputLength);
            Completed = driver.RunDigitalSelfTest(output, 0);
            SelfTestReference matched = SelfTestReference.None;
            Verdict = Completed ? Classify(driver.Version, output, 0, out matched) : SelfTestVerdict.Unknown;
            Matched = matched;
            return Verdict;
        }

        /// <summary>
        /// Compares 64 self-test bytes with the known tables: genuine when they are NXP's reference for the version
        /// <paramref name="version"/> names, clone when they are a clone's table (whatever VersionReg says), unknown
        /// otherwise (no table, or a genuine table under another VersionReg value).
        /// </summary>
        public static SelfTestVerdict Classify(byte version, byte[] bytes, int offset, out SelfTestReference matched)
        {
            if (bytes == null)
            {
                throw new ArgumentNullException("bytes");
            }

            if (offset < 0 || offset + OutputLength > bytes.Length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            matched = SelfTestReference.None;
            if (Equal(Fm17522Table, bytes, offset))
            {
                matched = SelfTestReference.Fm17522;
                return SelfTestVerdict.Clone;
            }

            if (Equal(Version1, bytes, offset))
            {
                matched = SelfTestReference.Mfrc522Version1;
                return version == 0x91 ? SelfTestVerdict.Genuine : SelfTestVerdict.Unknown;
            }

            if (Equal(Version2, bytes, offset))
            {
                matched = SelfTestReference.Mfrc522Version2;
                return version == 0x92 ? SelfTestVerdict.Genuine : SelfTestVerdict.Unknown;
            }

            return SelfTestVerdict.Unknown;
        }

        /// <summary>Copies the 64 reference bytes of <paramref name="reference"/> (the simulation's chip model uses
        /// them); false for <see cref="SelfTestReference.None"/>.</summary>
        public static bool CopyReference(SelfTestReference reference, byte[] destination, int offset)
        {
            byte[] table = reference == SelfTestReference.Mfrc522Version1 ? Version1
                : reference == SelfTestReference.Mfrc522Version2 ? Version2
                : reference == SelfTestReference.Fm17522 ? Fm17522Table : null;
            if (table == null)
            {
                return false;
            }

            Array.Copy(table, 0, destination, offset, OutputLength);
            return true;
        }

        private static bool Equal(byte[] table, byte[] bytes, int offset)
        {
            for (int i = 0; i < OutputLength; i++)
            {
                if (table[i] != bytes[offset + i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
