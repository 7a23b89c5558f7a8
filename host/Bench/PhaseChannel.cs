using DualReader.Firmware;
using DualReader.Firmware.Apdu;

namespace DualReader.Host.Bench;

/// <summary>
/// An <see cref="IApduChannel"/> between the application (EMV reader) and the transport that marks every APDU
/// exchange as a phase on the current <see cref="BenchProbe"/>. It costs no virtual time and allocates nothing
/// per exchange when no probe is set.
/// </summary>
public sealed class PhaseChannel : IApduChannel
{
    private readonly IApduChannel inner;

    public PhaseChannel(IApduChannel inner)
    {
        this.inner = inner;
    }

    /// <summary>Where the phases go; null measures nothing.</summary>
    public BenchProbe? Probe { get; set; }

    /// <summary>Exchanges since <see cref="ResetCounts"/>.</summary>
    public int ExchangeCount { get; private set; }

    /// <summary>Response bytes since <see cref="ResetCounts"/>.</summary>
    public int ResponseBytes { get; private set; }

    /// <summary>SW1 SW2 of the last response, or -1.</summary>
    public int LastStatusWord { get; private set; } = -1;

    public void ResetCounts()
    {
        ExchangeCount = 0;
        ResponseBytes = 0;
        LastStatusWord = -1;
    }

    public ExchangeResult Exchange(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCapacity, out int responseCount)
    {
        BenchProbe? probe = Probe;
        probe?.Begin($"APDU {ExchangeCount} {Describe(command, commandOffset, commandCount)}", PhaseFigures.Apdu);
        ExchangeResult result = inner.Exchange(command, commandOffset, commandCount, response, responseOffset, responseCapacity, out responseCount);
        probe?.End();
        ExchangeCount++;
        ResponseBytes += responseCount;
        if (result == ExchangeResult.Ok && responseCount >= 2)
        {
            LastStatusWord = (response[responseOffset + responseCount - 2] << 8) | response[responseOffset + responseCount - 1];
        }

        return result;
    }

    /// <summary>A short name of a command APDU (ISO/IEC 7816-4 and EMV Book 3 instructions).</summary>
    public static string Describe(byte[] command, int offset, int count)
    {
        if (count < 4)
        {
            return "short APDU";
        }

        byte instruction = command[offset + 1];
        byte p1 = command[offset + 2];
        byte p2 = command[offset + 3];
        switch (instruction)
        {
            case 0xA4:
                // 2PAY.SYS.DDF01 starts with '2' (0x32) and is 14 bytes long.
                bool ppse = count > 6 && command[offset + 4] == 0x0E && command[offset + 5] == 0x32;
                return ppse ? "SELECT PPSE" : "SELECT AID";
            case 0xA8:
                return "GET PROCESSING OPTIONS";
            case 0xB2:
                return $"READ RECORD {p1} SFI {p2 >> 3}";
            case 0xCA:
                return $"GET DATA {p1:X2}{p2:X2}";
            case 0xC0:
                return "GET RESPONSE";
            default:
                return $"INS {instruction:X2}";
        }
    }
}
