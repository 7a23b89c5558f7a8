using System;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;

namespace DualReader.Host.Pcsc;

/// <summary>
/// The reader's own commands with CLA FF (PC/SC Part 3 v2.01.09, 3.2.2.1), answered by the bridge from what the
/// reader reported at activation; nothing reaches the card.
/// Supported: GET DATA (INS CA, 3.2.2.1.3) with P1 00 (UID; for an RF-SIM peer its session id) and P1 01 (the
/// historical bytes of the ATS, ISO/IEC 14443-4 Type A). Everything else is answered "not supported".
/// </summary>
public static class PseudoApdu
{
    public static byte[] Answer(byte[] command, PassThroughResponseRecord held)
    {
        if (command.Length < 4)
        {
            return new byte[] { 0x67, 0x00 };
        }

        if (command[1] != 0xCA)
        {
            // ISO/IEC 7816-4 5.6: instruction code not supported.
            return new byte[] { 0x6D, 0x00 };
        }

        if (command[3] != 0x00)
        {
            // P2 is 00 for GET DATA in PC/SC Part 3; anything else is a wrong parameter (ISO/IEC 7816-4 6A 86).
            return new byte[] { 0x6A, 0x86 };
        }

        byte[]? data = command[2] switch
        {
            0x00 when held.Uid != null => held.Uid[..held.UidLength],
            0x01 when held.Ats != null => ContactlessAtr.HistoricalBytes(held.Ats[..held.AtsLength]),
            _ => null,
        };
        if (data == null)
        {
            // PC/SC Part 3 3.2.2.1.3: 6A 81 "function not supported" (no UID/ATS for this card or an unknown P1).
            return new byte[] { 0x6A, 0x81 };
        }

        // Le: absent or 00 means "everything" (up to 256 bytes in a short APDU).
        int expected = command.Length >= 5 ? command[4] : 0;
        if (expected != 0 && expected < data.Length)
        {
            // 6C XX: wrong Le, XX is the exact length (PC/SC Part 3 3.2.2.1.3).
            return new byte[] { 0x6C, (byte)data.Length };
        }

        var response = new byte[data.Length + 2];
        data.CopyTo(response, 0);
        bool shorter = expected != 0 && expected > data.Length;
        // 62 82: end of data reached before Le bytes (PC/SC Part 3 3.2.2.1.3).
        response[^2] = (byte)(shorter ? 0x62 : 0x90);
        response[^1] = (byte)(shorter ? 0x82 : 0x00);
        return response;
    }
}

/// <summary>
/// APDUs as the bridge logs them: redacted on the PC as well, whatever the reader's passthrough_raw says, so that
/// the bridge's own output never holds a PAN, track 2, a cryptogram or a name (TlvRedactor, PROTOCOL.md 5).
/// </summary>
public static class LogText
{
    public static string Command(byte[] command)
    {
        byte[] copy = (byte[])command.Clone();
        TlvRedactor.RedactCommand(copy, 0, copy.Length);
        return Convert.ToHexString(copy);
    }

    public static string Response(byte[] command, byte[] response)
    {
        byte[] copy = (byte[])response.Clone();
        TlvRedactor.RedactResponse(command, 0, command.Length, copy, 0, copy.Length);
        return Convert.ToHexString(copy);
    }
}
