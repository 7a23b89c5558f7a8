using System;
using DualReader.Firmware.HostLink;

namespace DualReader.Host.Pcsc;

/// <summary>
/// A DualReader whose pass-through the PC/SC bridge drives: a real reader over UART or the simulated one. Every call
/// sends one host-link command and returns the reader's answer, or null when none came in time.
/// </summary>
public interface IPassThroughReader : IDisposable
{
    /// <summary>What the bridge is talking to, for its log ("/dev/ttyUSB0", "scenario examples/x.json").</summary>
    string Description { get; }

    /// <summary>Opens/checks, resets or closes the pass-through session (PROTOCOL.md, type 0x85).</summary>
    PassThroughResponseRecord? Session(PassThroughSessionAction action);

    /// <summary>Passes one command APDU to the device held (PROTOCOL.md, type 0x84).</summary>
    PassThroughResponseRecord? Transmit(byte[] apdu);

    /// <summary>Asks for a status record (its config shows <c>passthrough_raw=on</c> while raw answers are on).</summary>
    StatusRecord? Status();
}
