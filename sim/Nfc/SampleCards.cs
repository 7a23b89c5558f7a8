using System;
using DualReader.Sim.Scenarios;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// Realistic virtual payment devices as scenario devices (TLV-correct FCI, PDOL, AFL, records with 5A, 5F24 and
    /// 57), for tests and the built-in demo. The iPhone's APDU answers are those of the public Proxmark3 trace
    /// hf_visa_apple_transit_bypass (reference/iso14443-real-traces.txt); its token PAN is a device account number.
    /// The other cards use well-known test PANs.
    /// </summary>
    public static class SampleCards
    {
        /// <summary>SELECT 2PAY.SYS.DDF01 as every reader sends it.</summary>
        public const string SelectPpse = "00A404000E325041592E5359532E444446303100";

        /// <summary>ATS of the recorded iPhone: FSCI 8 (256), TA 80 (106 kbit/s only), TB 70 (FWI 7), TC 02 (CID).</summary>
        public const string PhoneAts = "0578807002";

        /// <summary>ATS of the recorded 7-byte-UID card: FSCI 5, TA 77 (up to 848 kbit/s both ways, different rates
        /// allowed), TB 81 (FWI 8, SFGI 1), TC 02, one historical byte.</summary>
        public const string FastCardAts = "0675778102" + "80";

        /// <summary>An iPhone with Apple Pay (Visa), answering as in the recorded trace; GPO takes 222 ms, so the phone
        /// asks for six WTX at its FWI 7, like the trace.</summary>
        public static ScenarioDevice ApplePayVisa()
        {
            ScenarioDevice device = NfcDevice("08190F6D", "0400", 0x20, PhoneAts);
            Add(device, SelectPpse, "6F2A840E325041592E5359532E4444463031A518BF0C1561134F07A0000000031010870101" + "9F0A0400010101" + "9000", 300);
            Add(device, "00A4040007A0000000031010", "6F428407A0000000031010A5379F381B9F66049F02069F03069F1A0295055F2A029A039C019F37049F4E14BF0C169F5A0531097501" + "00BF6304DF2001809F0A0400010101" + "9000", 400);
            Add(device, "80A80000", PhoneProcessingOptions(), 222000);
            Add(device, "00B2011C", "7037" + "5F28020100" + "9F0702C000" + "9F1906040010030273" + "5F340100" + "9F241D" + "5630303130303135383230313038353532333333303337373033343030" + "9000", 2000);
            Add(device, "00B2021C", Hex(Record(Concat(Tlv(0x8F, Hex("08")), Tlv(0x90, Filler(176, 0x31))))) + "9000", 2000);
            Add(device, "00B2031C", Hex(Record(Concat(Tlv(0x9F46, Filler(176, 0x52)), Tlv(0x9F47, Hex("03")), Tlv(0x9F48, Filler(10, 0x11))))) + "9000", 2000);
            device.DefaultResponse = new byte[] { 0x6A, 0x88 };
            return device;
        }

        /// <summary>The GPO answer of the recorded iPhone (format 2 with track 2, ATC, cryptogram, SDAD).</summary>
        public static string PhoneProcessingOptions()
        {
            return "7781E6820220409404180103009F360200519F2608C21624CB9CD4F92D9F10201F4A6360A00000000010030273000000004000000000000000000000"
                + "000000009F4B8180606DA3F60BC43AFDD7BBBE6DC45E94D89188E2B590B7A019DD683ED5F7A50520C3A236D92DC17D35643E812D7AC689F45CBD4612"
                + "53F83AB6D4D89BDE31A18BDD3082A578C1B770B668D7CA1EBBE389002C7A2983673F1CB14349C269F743E9D1390A16B488FD58B7236D59313F220C31"
                + "4A6EF5E02B46B183095876B7CBB5FD999F6C02000057134642352851503640D23122010000035399995F9F6E04238800009F2701809000";
        }

        /// <summary>
        /// A UnionPay card with two applications, debit A000000333010101 (priority 1, listed second) and credit
        /// A000000333010102 (priority 2), qPBOC GPO with track 2 and ATC, records with 5A/5F24/5F20 and the electronic cash
        /// currency 9F51 = 156 (CNY), balance 9F79 = 123.45 and last online ATC 9F13 = 32. ATS with TA 77 (848 kbit/s capable), FSCI 5.
        /// </summary>
        public static ScenarioDevice UnionPayDualApplication()
        {
            ScenarioDevice device = NfcDevice("5A3C9E21", "0400", 0x28, "0675778102" + "80");
            byte[] debit = Hex("A000000333010101");
            byte[] credit = Hex("A000000333010102");
            byte[] directory = Concat(
                Tlv(0x61, Concat(Tlv(0x4F, credit), Tlv(0x50, Ascii("PBOC CREDIT")), Tlv(0x87, Hex("02")))),
                Tlv(0x61, Concat(Tlv(0x4F, debit), Tlv(0x50, Ascii("PBOC DEBIT")), Tlv(0x87, Hex("01")))));
            Add(device, SelectPpse, Hex(Fci(Ascii("2PAY.SYS.DDF01"), Tlv(0xA5, Tlv(0xBF0C, directory)))) + "9000", 1500);
            byte[] pdol = Hex("9F66049F02069F03069F1A0295055F2A029A039C019F3704");
            Add(device, "00A4040008" + "A000000333010101", Hex(Fci(debit, Tlv(0xA5, Concat(Tlv(0x50, Ascii("PBOC DEBIT")), Tlv(0x87, Hex("01")), Tlv(0x9F38, pdol), Tlv(0xBF0C, Tlv(0x9F4D, Hex("0B0A"))))))) + "9000", 2500);
            Add(device, "00A4040008" + "A000000333010102", Hex(Fci(credit, Tlv(0xA5, Concat(Tlv(0x50, Ascii("PBOC CREDIT")), Tlv(0x87, Hex("02")), Tlv(0x9F38, pdol))))) + "9000", 2500);
            byte[] track2 = Hex("6212345678901234D25122201234567890");
            byte[] gpo = Tlv(0x77, Concat(
                Tlv(0x82, Hex("7C00")), Tlv(0x94, Hex("0801010010010200")), Tlv(0x9F36, Hex("002A")),
                Tlv(0x9F26, Hex("1A2B3C4D5E6F7081")), Tlv(0x9F10, Hex("07010103A00000010A010000000000C1D2E3F4")),
                Tlv(0x57, track2), Tlv(0x5F34, Hex("01")), Tlv(0x9F27, Hex("80")), Tlv(0x9F6C, Hex("0000"))));
            Add(device, "80A80000", Hex(gpo) + "9000", 60000);
            Add(device, "00B2010C", Hex(Record(Concat(Tlv(0x57, track2), Tlv(0x5F20, Ascii("ZHANG/SAN")), Tlv(0x9F1F, Ascii("0123456789"))))) + "9000", 3000);
            Add(device, "00B20114", Hex(Record(Concat(Tlv(0x5A, Hex("6212345678901234")), Tlv(0x5F24, Hex("251231")), Tlv(0x5F25, Hex("201201")), Tlv(0x5F28, Hex("0156")), Tlv(0x9F07, Hex("FF00")), Tlv(0x9F51, Hex("0156"))))) + "9000", 3000);
            Add(device, "00B20214", Hex(Record(Concat(Tlv(0x8F, Hex("0B")), Tlv(0x90, Filler(144, 0x5C)), Tlv(0x9F32, Hex("03"))))) + "9000", 3000);
            Add(device, "80CA9F79", "9F7906000000012345" + "9000", 2000);
            Add(device, "80CA9F13", "9F13020020" + "9000", 2000);
            Add(device, "80CA9F36", "9F3602002A" + "9000", 2000);
            device.DefaultResponse = new byte[] { 0x6A, 0x88 };
            return device;
        }

        /// <summary>A Visa debit card (qVSDC): track 2 and ATC in the GPO answer, one record with 5F24 and the name.
        /// ATS with TA 80: 106 kbit/s only (PPS never used).</summary>
        public static ScenarioDevice VisaCard()
        {
            ScenarioDevice device = NfcDevice("04A1B2C3D4E5F6", "4400", 0x20, "0D7880810200" + "73C84010009000");
            byte[] aid = Hex("A0000000031010");
            Add(device, SelectPpse, Hex(Fci(Ascii("2PAY.SYS.DDF01"), Tlv(0xA5, Tlv(0xBF0C, Tlv(0x61, Concat(Tlv(0x4F, aid), Tlv(0x50, Ascii("VISA DEBIT")), Tlv(0x87, Hex("01")))))))) + "9000", 1200);
            Add(device, "00A4040007A0000000031010", Hex(Fci(aid, Tlv(0xA5, Concat(Tlv(0x50, Ascii("VISA DEBIT")), Tlv(0x9F38, Hex("9F66049F02069F37045F2A02")))))) + "9000", 2000);
            byte[] track2 = Hex("4761739001010010D28112011234567899");
            Add(device, "80A80000", Hex(Tlv(0x77, Concat(Tlv(0x82, Hex("2000")), Tlv(0x94, Hex("18010100")), Tlv(0x57, track2), Tlv(0x9F36, Hex("0113")), Tlv(0x9F26, Hex("0102030405060708")), Tlv(0x9F10, Hex("06010A03A00000")), Tlv(0x5F34, Hex("00"))))) + "9000", 45000);
            Add(device, "00B2011C", Hex(Record(Concat(Tlv(0x5F20, Ascii("CARDHOLDER/VISA")), Tlv(0x5F24, Hex("281130")), Tlv(0x5F28, Hex("0840"))))) + "9000", 2500);
            Add(device, "80CA9F13", "6A88", 1000);
            device.DefaultResponse = new byte[] { 0x6D, 0x00 };
            return device;
        }

        /// <summary>A Mastercard (M/Chip): no PDOL (GPO with 83 00), format 1 answer (80: AIP + AFL), PAN and expiry in
        /// the records, ATC and last online ATC by GET DATA. ATS without TA(1).</summary>
        public static ScenarioDevice Mastercard()
        {
            ScenarioDevice device = NfcDevice("3F1E5D7C", "0400", 0x20, "0A" + "68" + "82" + "02" + "C1050F0C7B6A");
            byte[] aid = Hex("A0000000041010");
            Add(device, SelectPpse, Hex(Fci(Ascii("2PAY.SYS.DDF01"), Tlv(0xA5, Tlv(0xBF0C, Tlv(0x61, Concat(Tlv(0x4F, aid), Tlv(0x50, Ascii("MASTERCARD")), Tlv(0x87, Hex("01")))))))) + "9000", 1000);
            Add(device, "00A4040007A0000000041010", Hex(Fci(aid, Tlv(0xA5, Concat(Tlv(0x50, Ascii("MASTERCARD")), Tlv(0x5F2D, Ascii("en")))))) + "9000", 1800);
            Add(device, "80A8000002830000", Hex(Tlv(0x80, Hex("1980" + "08010100" + "10010201"))) + "9000", 8000);
            Add(device, "00B2010C", Hex(Record(Concat(Tlv(0x9F6C, Hex("0001")), Tlv(0x9F62, Hex("000000000E00")), Tlv(0x56, Ascii("B5413330089010012^SMITH/J^2912201"))))) + "9000", 2000);
            Add(device, "00B20114", Hex(Record(Concat(Tlv(0x5A, Hex("5413330089010012")), Tlv(0x5F24, Hex("291231")), Tlv(0x5F20, Ascii("SMITH/J")), Tlv(0x8C, Hex("9F02069F03069F1A0295055F2A029A039C019F3704"))))) + "9000", 2000);
            Add(device, "00B20214", Hex(Record(Concat(Tlv(0x8F, Hex("05")), Tlv(0x90, Filler(100, 0x77))))) + "9000", 2000);
            Add(device, "80CA9F36", "9F36020007" + "9000", 1000);
            Add(device, "80CA9F13", "9F13020005" + "9000", 1000);
            device.DefaultResponse = new byte[] { 0x6A, 0x88 };
            return device;
        }

        /// <summary>The transit card below with a balance of 12345 minor units (123.45).</summary>
        public static ScenarioDevice TransitCard()
        {
            return TransitCard(12345);
        }

        /// <summary>
        /// A MIFARE Classic 1K transit "one-card": sector 2 with keys A0A1A2A3A4A5 / B0B1B2B3B4B5, data blocks readable
        /// and usable as value blocks with either key (access bits 08 77 8F, MF1S50 8.7), <paramref name="balance"/>
        /// minor units in the sector's block 1 (block 9), UID C1C2C3C4.
        /// </summary>
        public static ScenarioDevice TransitCard(int balance)
        {
            ScenarioDevice device = NfcDevice("C1C2C3C4", "0400", 0x08, null);
            device.MifareClassic = new ScenarioMifareClassic();
            ScenarioMifareSector sector = new ScenarioMifareSector();
            sector.Sector = 2;
            sector.KeyA = Hex("A0A1A2A3A4A5");
            sector.KeyB = Hex("B0B1B2B3B4B5");
            sector.Access = Hex("08778F69");
            sector.Blocks = new byte[48];
            DualReader.Firmware.Mifare.MifareValueBlock.Encode(balance, 9, sector.Blocks, 16);
            device.MifareClassic.AddSector(sector);
            return device;
        }

        /// <summary>An NTAG213 poster whose NDEF message is one URI record, https://www.example (NFC Forum URI RTD,
        /// prefix 02), behind the NTAG213 capability container E1 10 12 00.</summary>
        public static ScenarioDevice NtagPoster()
        {
            ScenarioDevice device = NfcDevice("04A1B2C3D4E5F6", "4400", 0x00, null);
            device.Ntag = new ScenarioNtag();
            device.Ntag.Type = DualReader.Firmware.Mifare.CardFamily.Ntag213;
            device.Ntag.Pages = Hex("04A1B29F" + "C3D4E5F6" + "04480000" + "E1101200" + "030CD101" + "08550265" + "78616D70" + "6C65FE00");
            return device;
        }

        /// <summary>A scenario device on 13.56 MHz with the given identity (hex strings).</summary>
        public static ScenarioDevice NfcDevice(string uid, string atqa, byte sak, string ats)
        {
            ScenarioDevice device = new ScenarioDevice();
            device.Interface = DeviceInterface.Nfc;
            device.Uid = Hex(uid);
            device.Atqa = Hex(atqa);
            device.Sak = sak;
            device.Ats = ats == null ? null : Hex(ats);
            return device;
        }

        /// <summary>Appends an APDU rule (hex prefix, hex response, processing time in µs).</summary>
        public static void Add(ScenarioDevice device, string match, string response, int processingMicroseconds)
        {
            device.AddApdu(new ApduRule(Hex(match), Hex(response), processingMicroseconds));
        }

        /// <summary>One BER-TLV object with a definite length (short or 81/82 long form).</summary>
        public static byte[] Tlv(int tag, byte[] value)
        {
            int tagLength = tag > 0xFFFF ? 3 : (tag > 0xFF ? 2 : 1);
            int lengthLength = value.Length < 128 ? 1 : (value.Length < 256 ? 2 : 3);
            byte[] result = new byte[tagLength + lengthLength + value.Length];
            int position = 0;
            for (int i = tagLength - 1; i >= 0; i--)
            {
                result[position++] = (byte)(tag >> (8 * i));
            }

            if (lengthLength == 1)
            {
                result[position++] = (byte)value.Length;
            }
            else if (lengthLength == 2)
            {
                result[position++] = 0x81;
                result[position++] = (byte)value.Length;
            }
            else
            {
                result[position++] = 0x82;
                result[position++] = (byte)(value.Length >> 8);
                result[position++] = (byte)value.Length;
            }

            Array.Copy(value, 0, result, position, value.Length);
            return result;
        }

        /// <summary>An FCI template 6F with DF name 84 and the given proprietary template.</summary>
        public static byte[] Fci(byte[] dfName, byte[] proprietary)
        {
            return Tlv(0x6F, Concat(Tlv(0x84, dfName), proprietary));
        }

        /// <summary>A record template 70.</summary>
        public static byte[] Record(byte[] content)
        {
            return Tlv(0x70, content);
        }

        /// <summary>Concatenation of byte arrays.</summary>
        public static byte[] Concat(byte[] a, byte[] b)
        {
            byte[] result = new byte[a.Length + b.Length];
            Array.Copy(a, 0, result, 0, a.Length);
            Array.Copy(b, 0, result, a.Length, b.Length);
            return result;
        }

        /// <summary>Concatenation of three byte arrays.</summary>
        public static byte[] Concat(byte[] a, byte[] b, byte[] c)
        {
            return Concat(Concat(a, b), c);
        }

        /// <summary>Concatenation of four byte arrays.</summary>
        public static byte[] Concat(byte[] a, byte[] b, byte[] c, byte[] d)
        {
            return Concat(Concat(a, b), Concat(c, d));
        }

        /// <summary>Concatenation of five byte arrays.</summary>
        public static byte[] Concat(byte[] a, byte[] b, byte[] c, byte[] d, byte[] e)
        {
            return Concat(Concat(a, b, c, d), e);
        }

        /// <summary>Concatenation of six byte arrays.</summary>
        public static byte[] Concat(byte[] a, byte[] b, byte[] c, byte[] d, byte[] e, byte[] f)
        {
            return Concat(Concat(a, b, c), Concat(d, e, f));
        }

        /// <summary>Concatenation of seven byte arrays.</summary>
        public static byte[] Concat(byte[] a, byte[] b, byte[] c, byte[] d, byte[] e, byte[] f, byte[] g)
        {
            return Concat(Concat(a, b, c, d), Concat(e, f, g));
        }

        /// <summary>Concatenation of nine byte arrays.</summary>
        public static byte[] Concat(byte[] a, byte[] b, byte[] c, byte[] d, byte[] e, byte[] f, byte[] g, byte[] h, byte[] i)
        {
            return Concat(Concat(a, b, c, d, e), Concat(f, g, h, i));
        }

        /// <summary>Deterministic filler bytes (certificates and other opaque data).</summary>
        public static byte[] Filler(int length, int seed)
        {
            byte[] result = new byte[length];
            int value = seed;
            for (int i = 0; i < length; i++)
            {
                value = (value * 73 + 41) & 0xFF;
                result[i] = (byte)value;
            }

            return result;
        }

        /// <summary>ASCII bytes of <paramref name="text"/>.</summary>
        public static byte[] Ascii(string text)
        {
            byte[] result = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                result[i] = (byte)text[i];
            }

            return result;
        }

        /// <summary>Bytes of a hex string (case-insensitive, no separators).</summary>
        public static byte[] Hex(string text)
        {
            if (text.Length % 2 != 0)
            {
                throw new ArgumentException("odd number of hex digits");
            }

            byte[] result = new byte[text.Length / 2];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (byte)((Digit(text[2 * i]) << 4) | Digit(text[2 * i + 1]));
            }

            return result;
        }

        /// <summary>Hex string of bytes (upper case).</summary>
        public static string Hex(byte[] data)
        {
            const string digits = "0123456789ABCDEF";
            char[] text = new char[data.Length * 2];
            for (int i = 0; i < data.Length; i++)
            {
                text[2 * i] = digits[data[i] >> 4];
                text[2 * i + 1] = digits[data[i] & 0x0F];
            }

            return new string(text);
        }

        private static int Digit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            throw new ArgumentException("not a hex digit");
        }
    }
}
