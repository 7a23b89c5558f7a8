using System;

namespace DualReader.Host.Bench;

/// <summary>
/// The bench's arithmetic in one place, so it can be tested on its own: the physical lower bound of ARCHITECTURE.md
/// ("Simulation and the cost model"), the overhead ratio, and the Enhanced ShockBurst packet-time limit.
/// </summary>
public static class BenchArithmetic
{
    /// <summary>nRF24L01+ standby-to-TX/RX settling (Product Specification v1.0, table 16, Tstby2a).</summary>
    public const int EsbSettlingMicroseconds = 130;

    /// <summary>ESB preamble: 1 byte (PS 7.3.1).</summary>
    public const int EsbPreambleBits = 8;

    /// <summary>ESB packet control field: 6-bit payload length, 2-bit PID, NO_ACK flag (PS 7.3.3).</summary>
    public const int EsbPacketControlBits = 9;

    /// <summary>Largest ESB payload (PS 7.3.4).</summary>
    public const int EsbMaximumPayload = 32;

    /// <summary>The physical lower bound of a transaction or phase: air time (frames and the frame delay times
    /// between them) + the card's processing + the UART time of the record.</summary>
    public static long LowerBound(long airMicroseconds, long cardProcessingMicroseconds, long uartMicroseconds)
    {
        if (airMicroseconds < 0 || cardProcessingMicroseconds < 0 || uartMicroseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(airMicroseconds), "costs are never negative");
        }

        return airMicroseconds + cardProcessingMicroseconds + uartMicroseconds;
    }

    /// <summary>Modelled time over a bound (0 when the bound is 0: a phase with no physical cost at all).</summary>
    public static double Ratio(long modelledMicroseconds, long boundMicroseconds)
    {
        return boundMicroseconds <= 0 ? 0 : (double)modelledMicroseconds / boundMicroseconds;
    }

    /// <summary>Modelled time plus the interpreter's estimated CPU time for <paramref name="instructions"/>, in µs.</summary>
    public static double ModelledWithCpu(long modelledMicroseconds, long instructions) => modelledMicroseconds + InterpretedFigures.EstimatedMicroseconds(instructions);

    /// <summary>(modelled + CPU) / lower bound of <paramref name="figures"/>.</summary>
    public static double RatioWithCpu(PhaseFigures figures, long instructions) => figures.LowerBoundMicroseconds == 0 ? 0 : ModelledWithCpu(figures.ModelledMicroseconds, instructions) / figures.LowerBoundMicroseconds;

    /// <summary>UART time of <paramref name="byteCount"/> bytes at 8N1: 10 bits a byte, rounded up to whole µs.</summary>
    public static long UartMicroseconds(int byteCount, int baudRate)
    {
        if (byteCount < 0 || baudRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(byteCount));
        }

        return ((byteCount * 10L * 1_000_000L) + baudRate - 1) / baudRate;
    }

    /// <summary>
    /// Air time of one ESB packet (PS 7.3, figure 6): preamble 8 bits, address, 9-bit packet control field, payload,
    /// CRC, at <paramref name="bitsPerSecond"/>; exact (fractional µs are kept).
    /// </summary>
    public static double EsbPacketMicroseconds(int bitsPerSecond, int addressWidth, int payloadLength, int crcLength)
    {
        if (addressWidth < 3 || addressWidth > 5 || payloadLength < 0 || payloadLength > EsbMaximumPayload || crcLength < 0 || crcLength > 2 || bitsPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength));
        }

        int bits = EsbPreambleBits + (8 * addressWidth) + EsbPacketControlBits + (8 * payloadLength) + (8 * crcLength);
        return bits * 1_000_000.0 / bitsPerSecond;
    }

    /// <summary>
    /// One ESB transaction with its acknowledgement, as the PTX sees it: TX settling (130 µs), the packet, the
    /// turnaround of both radios to the other direction (130 µs, PS 7.4.2: the PRX's TX settling is what the ack
    /// waits for), the ack packet with its payload.
    /// </summary>
    public static double EsbTransactionMicroseconds(int bitsPerSecond, int addressWidth, int crcLength, int payloadLength, int ackPayloadLength)
    {
        return EsbSettlingMicroseconds + EsbPacketMicroseconds(bitsPerSecond, addressWidth, payloadLength, crcLength)
            + EsbSettlingMicroseconds + EsbPacketMicroseconds(bitsPerSecond, addressWidth, ackPayloadLength, crcLength);
    }

    /// <summary>
    /// The ESB packet-time limit of one APDU round trip with answers riding in ack payloads: the command needs
    /// ceil(command / commandPerPacket) transactions (empty acks); the peer then computes; the response needs
    /// ceil(response / responsePerPacket) transactions, each a reader packet of <paramref name="pullPayload"/> bytes
    /// whose ack carries a full response packet. Nothing else: no SPI, no host code, no waiting.
    /// </summary>
    /// <param name="commandLength">Command APDU bytes.</param>
    /// <param name="responseLength">Response APDU bytes (data + SW1 SW2).</param>
    /// <param name="commandOverhead">Bytes of a command packet that are not APDU data (link header, MAC).</param>
    /// <param name="responseOverhead">Bytes of a response ack payload that are not APDU data.</param>
    /// <param name="pullPayload">Payload of the reader packet that collects one response packet.</param>
    /// <param name="processingMicroseconds">The peer's processing time (part of the limit: it is physical).</param>
    public static double EsbRoundTripLimitMicroseconds(int bitsPerSecond, int addressWidth, int crcLength, int commandLength, int responseLength, int commandOverhead, int responseOverhead, int pullPayload, long processingMicroseconds)
    {
        int commandPerPacket = EsbMaximumPayload - commandOverhead;
        int responsePerPacket = EsbMaximumPayload - responseOverhead;
        if (commandPerPacket <= 0 || responsePerPacket <= 0 || commandLength <= 0 || responseLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(commandOverhead));
        }

        double total = processingMicroseconds;
        int remaining = commandLength;
        while (remaining > 0)
        {
            int chunk = Math.Min(remaining, commandPerPacket);
            total += EsbTransactionMicroseconds(bitsPerSecond, addressWidth, crcLength, chunk + commandOverhead, 0);
            remaining -= chunk;
        }

        remaining = responseLength;
        while (remaining > 0)
        {
            int chunk = Math.Min(remaining, responsePerPacket);
            total += EsbTransactionMicroseconds(bitsPerSecond, addressWidth, crcLength, pullPayload, chunk + responseOverhead);
            remaining -= chunk;
        }

        return total;
    }
}
