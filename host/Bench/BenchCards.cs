using DualReader.Firmware.RfSim;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;

namespace DualReader.Host.Bench;

/// <summary>
/// The bench's devices: the sample cards of sim/Nfc/SampleCards.cs with every APDU answered after
/// <see cref="ProcessingMicroseconds"/> (the issue: "bench cards answer every APDU after 1 ms of processing", so the
/// reader's own overhead shows), and the RF-SIM peer whose READ RECORD answers 300 bytes.
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
    /// The RF-SIM: SELECT answers 22 bytes, READ RECORD answers <see cref="RfSimResponseLength"/> bytes
    /// (298 data bytes + 9000), everything after 1 ms.
    /// </summary>
    public static ScenarioDevice RfSim()
    {
        var device = new ScenarioDevice
        {
            Interface = DeviceInterface.RfSim,
            Uid = new byte[] { 0x52, 0x46, 0x53, 0x01 },
            Near = true,
        };
        var answer = new byte[RfSimResponseLength];
        for (int i = 0; i < answer.Length - 2; i++)
        {
            answer[i] = (byte)((i * 7) + 3);
        }

        answer[^2] = 0x90;
        answer[^1] = 0x00;
        device.AddApdu(new ApduRule(new byte[] { 0x00, 0xB2 }, answer, ProcessingMicroseconds));
        device.AddApdu(new ApduRule(new byte[0], device.DefaultResponse, ProcessingMicroseconds));
        return device;
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

    /// <summary>The pre-shared key of the bench's RF-SIM link (a test key, as in the RF-SIM tests).</summary>
    public static readonly byte[] RfSimKey = { 0x2B, 0x7E, 0x15, 0x16, 0x28, 0xAE, 0xD2, 0xA6, 0xAB, 0xF7, 0x15, 0x88, 0x09, 0xCF, 0x4F, 0x3C };

    /// <summary>The bench reader's identity on the RF-SIM link.</summary>
    public static readonly byte[] ReaderIdentity = { 0xD0, 0x01, 0x02, 0x03 };

    /// <summary>READ RECORD 1 of SFI 1 (00 B2 01 0C 00): the RF-SIM scenario's command.</summary>
    public static readonly byte[] ReadRecordCommand = { 0x00, 0xB2, 0x01, 0x0C, 0x00 };

    /// <summary>Fixed nonces (runs must repeat exactly).</summary>
    public static INonceSource Nonces() => new SeededNonceSource(12345);
}
