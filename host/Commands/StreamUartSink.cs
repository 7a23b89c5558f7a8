using System.IO;
using DualReader.Sim.Board;

namespace DualReader.Host.Commands;

/// <summary>Streams what the simulated reader writes on its UART into a stream (the `sim --uart` capture file).</summary>
public sealed class StreamUartSink(Stream stream) : IUartSink
{
    public void Write(byte[] buffer, int offset, int count)
    {
        stream.Write(buffer, offset, count);
    }
}
