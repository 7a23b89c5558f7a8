using System;
using System.Collections.Generic;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;

namespace DualReader.Host.Bench;

/// <summary>
/// The bench's devices: the sample cards of sim/Nfc/SampleCards.cs with every APDU answered after
/// <see cref="ProcessingMicroseconds"/> (the issue: "bench cards answer every APDU after 1 ms of processing", so the
/// reader's own overhead shows), and the RF-SIM peer whose first READ RECORD answers 300 bytes.
/// </summary>
public static class BenchCards
{
    /// <summary>Processing time of every APDU of every bench device.</summary>
    public const int ProcessingMicroseconds = 1000;

    /// <summary>Length of the RF-SIM scenario's response APDU (data + SW1 SW2).</summary>
    public const int RfSimResponseLength = 300;

    /// <summary>The iPhone with Apple Pay (recorded answers; ATS FSCI 8, TA 80: 106 kbit/s only).</summary>
    public static ScenarioDevice Phone() => WithBenchProcessing(SampleCards.ApplePayVisa());

    /// <summary>The UnionPay card with two applications (ATS TA 77: up to 848 kbit/s both ways).</summary>
    public static ScenarioDevice BankCard() => WithBenchProcessing(SampleCards.UnionPayDualApplication());

    /// <summary>
    /// The RF-SIM peer: the UnionPay card's applications over the RF-SIM link (the reader runs the same EMV read on
    /// it), except that READ RECORD 1 of SFI 1 (<see cref="ReadRecordCommand"/>) answers <see cref="RfSimResponseLength"/>
    /// bytes: the record template 70 with the card's track 2 equivalent data and name, padded with issuer
    /// discretionary data (9F1F) to 298 bytes, then 9000. Everything after 1 ms.
    /// </summary>
    public static ScenarioDevice RfSim()
    {
        ScenarioDevice card = SampleCards.UnionPayDualApplication();
        var device = new ScenarioDevice
        {
            Interface = DeviceInterface.RfSim,
            Uid = new byte[] { 0x52, 0x46, 0x53, 0x01 },
            Near = true,
            DefaultResponse = card.DefaultResponse,
        };
        device.AddApdu(new ApduRule(new byte[] { 0x00, 0xB2, 0x01, 0x0C }, LongRecord(), ProcessingMicroseconds));
        foreach (ApduRule rule in card.Apdus)
        {
            device.AddApdu(new ApduRule(rule.Match, rule.Response, ProcessingMicroseconds));
        }

        device.AddApdu(new ApduRule(new byte[0], device.DefaultResponse, ProcessingMicroseconds));
        return device;
    }

    /// <summary>70 82 01 26 { 57 (track 2 equivalent), 5F20, 9F1F 82 01 02 filler } 9000: 300 bytes.</summary>
    private static byte[] LongRecord()
    {
        byte[] track2 = Convert.FromHexString("6212345678901234D25122201234567890");
        byte[] name = System.Text.Encoding.ASCII.GetBytes("ZHANG/SAN");
        var content = new List<byte>();
        content.Add(0x57);
        content.Add((byte)track2.Length);
        content.AddRange(track2);
        content.AddRange(new byte[] { 0x5F, 0x20, (byte)name.Length });
        content.AddRange(name);
        // BER-TLV (EMV Book 3 annex B): record data of 298 bytes = 4 bytes of template header + 294 of content.
        int filler = RfSimResponseLength - 2 - 4 - content.Count - 5;
        content.AddRange(new byte[] { 0x9F, 0x1F, 0x82, (byte)(filler >> 8), (byte)filler });
        for (int i = 0; i < filler; i++)
        {
            content.Add((byte)('0' + (i % 10)));
        }

        var answer = new List<byte> { 0x70, 0x82, (byte)(content.Count >> 8), (byte)content.Count };
        answer.AddRange(content);
        answer.Add(0x90);
        answer.Add(0x00);
        if (answer.Count != RfSimResponseLength)
        {
            throw new InvalidOperationException("the long record is " + answer.Count + " bytes");
        }

        return answer.ToArray();
    }

    /// <summary>A copy of <paramref name="device"/> whose rules, and its default answer, take exactly 1 ms.</summary>
    public static ScenarioDevice WithBenchProcessing(ScenarioDevice device)
    {
        var copy = new ScenarioDevice
        {
            Interface = device.Interface,
            Uid = device.Uid,
            Atqa = device.Atqa,
            Sak = device.Sak,
            Ats = device.Ats,
            Near = device.Near,
            DefaultResponse = device.DefaultResponse,
        };
        foreach (ApduRule rule in device.Apdus)
        {
            copy.AddApdu(new ApduRule(rule.Match, rule.Response, ProcessingMicroseconds));
        }

        // An empty prefix matches every command: the default answer also comes after 1 ms.
        copy.AddApdu(new ApduRule(new byte[0], device.DefaultResponse, ProcessingMicroseconds));
        return copy;
    }

    /// <summary>READ RECORD 1 of SFI 1 (00 B2 01 0C 00): the RF-SIM scenario's command.</summary>
    public static readonly byte[] ReadRecordCommand = { 0x00, 0xB2, 0x01, 0x0C, 0x00 };
}
