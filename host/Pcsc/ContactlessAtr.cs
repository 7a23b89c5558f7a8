using System;

namespace DualReader.Host.Pcsc;

/// <summary>
/// The ATR a PC/SC reader reports for a contactless card, built the way PC/SC Part 3 (v2.01.09, 3.1.3.2.3) says,
/// since a contactless card has no ATR of its own:
/// <list type="bullet">
/// <item>ISO/IEC 14443-4 (Type A): <c>3B 8n 80 01</c> + the n historical bytes of the ATS (at most 15) + TCK.
/// T0 = 8n (TD1 follows, n historical bytes), TD1 = 80 (TD2 follows, T=0), TD2 = 01 (T=1): the card speaks T=1
/// as far as the PC/SC stack is concerned.</item>
/// <item>Storage cards (ISO/IEC 14443-3 only, e.g. MIFARE): <c>3B 8F 80 01 80 4F 0C A0 00 00 03 06 SS NN NN 00 00 00 00
/// TCK</c>: category indicator 80, application identifier presence indicator 4F with length 0C, the PC/SC RID
/// A0 00 00 03 06, SS the standard (03: ISO/IEC 14443 A part 3), NN NN the card name from the PC/SC Part 3
/// supplement, and four RFU bytes.</item>
/// </list>
/// TCK is the XOR of every byte from T0 to the last historical byte (ISO/IEC 7816-3, 8.2.5), required because T=1
/// is indicated.
/// </summary>
public static class ContactlessAtr
{
    /// <summary>Standard byte SS of a storage-card ATR: ISO/IEC 14443 A, part 3 (PC/SC Part 3 supplement).</summary>
    public const byte StandardIso14443APart3 = 0x03;

    /// <summary>PC/SC Part 3 card names (supplement, "card name" NN NN) for the SAK values that identify them.</summary>
    public const int CardNameUnknown = 0x0000;
    public const int CardNameMifareClassic1K = 0x0001;
    public const int CardNameMifareClassic4K = 0x0002;
    public const int CardNameMifareUltralight = 0x0003;
    public const int CardNameMifareMini = 0x0026;

    /// <summary>The ATR of an ISO/IEC 14443-4 Type A card with answer to select <paramref name="ats"/> (TL first).</summary>
    public static byte[] ForIsoDep(byte[] ats)
    {
        byte[] historical = HistoricalBytes(ats);
        // T0 carries the count in 4 bits: more than 15 historical bytes cannot be expressed (PC/SC Part 3 keeps the first 15).
        int count = Math.Min(historical.Length, 15);
        var atr = new byte[4 + count + 1];
        atr[0] = 0x3B;
        atr[1] = (byte)(0x80 | count);
        atr[2] = 0x80;
        atr[3] = 0x01;
        Array.Copy(historical, 0, atr, 4, count);
        atr[^1] = Checksum(atr, 1, atr.Length - 2);
        return atr;
    }

    /// <summary>The ATR of a storage card (no ISO/IEC 14443-4) with select acknowledge <paramref name="sak"/>.</summary>
    public static byte[] ForStorageCard(int sak)
    {
        int name = CardName(sak);
        byte[] atr =
        {
            0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, StandardIso14443APart3,
            (byte)(name >> 8), (byte)name, 0x00, 0x00, 0x00, 0x00, 0x00,
        };
        atr[^1] = Checksum(atr, 1, atr.Length - 2);
        return atr;
    }

    /// <summary>
    /// The ATR of a device that is not an ISO/IEC 14443 card (an RF-SIM peer over DualReader's 2.4 GHz link):
    /// the ISO/IEC 14443-4 form without historical bytes, so PC/SC stacks treat it as a T=1 card.
    /// </summary>
    public static byte[] WithoutHistoricalBytes() => ForIsoDep(Array.Empty<byte>());

    /// <summary>The card name NN NN for a SAK (ISO/IEC 14443-3 6.5.3.4 and NXP AN10833 for the SAK values).</summary>
    public static int CardName(int sak) => sak switch
    {
        0x08 or 0x88 => CardNameMifareClassic1K,
        0x18 => CardNameMifareClassic4K,
        0x09 => CardNameMifareMini,
        // SAK 00: the Ultralight family (Ultralight, Ultralight C, NTAG); telling them apart needs GET_VERSION.
        0x00 => CardNameMifareUltralight,
        _ => CardNameUnknown,
    };

    /// <summary>
    /// The historical bytes of an ATS (ISO/IEC 14443-4 5.2): after TL, T0 and the interface bytes TA(1), TB(1),
    /// TC(1) that T0 bits 5, 6, 7 announce. Empty for an ATS of TL 1 or one shorter than it announces.
    /// </summary>
    public static byte[] HistoricalBytes(byte[] ats)
    {
        if (ats == null || ats.Length < 2)
        {
            return Array.Empty<byte>();
        }

        int length = Math.Min(ats[0], ats.Length);
        int format = ats[1];
        int position = 2;
        for (int bit = 0x10; bit <= 0x40; bit <<= 1)
        {
            if ((format & bit) != 0)
            {
                position++;
            }
        }

        return position >= length ? Array.Empty<byte>() : ats[position..length];
    }

    private static byte Checksum(byte[] bytes, int offset, int count)
    {
        byte check = 0;
        for (int index = offset; index < offset + count; index++)
        {
            check ^= bytes[index];
        }

        return check;
    }
}
