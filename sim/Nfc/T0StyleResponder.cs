using System;
using DualReader.Sim.Scenarios;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// Makes any responder answer like a T=0-minded card (ISO/IEC 7816-4 5.6 / 7816-3 12.2): responses longer than
    /// <see cref="MaximumDataLength"/> come back as the first part with 61XX, the rest through GET RESPONSE; with
    /// <see cref="RequireExactLe"/>, a case-2/4 command whose Le differs from the data length gets 6CXX first.
    /// </summary>
    public sealed class T0StyleResponder : IApduResponder
    {
        private readonly IApduResponder inner;
        private readonly byte[] pending = new byte[4096];
        private int pendingLength;
        private int pendingSent;

        /// <summary>Wraps <paramref name="inner"/>.</summary>
        public T0StyleResponder(IApduResponder inner)
        {
            if (inner == null)
            {
                throw new ArgumentNullException("inner");
            }

            this.inner = inner;
        }

        /// <summary>Longest data part answered at once before 61XX (0: no 61XX behaviour). Default 0.</summary>
        public int MaximumDataLength { get; set; }

        /// <summary>Answer 6CXX when Le (the last byte of a command longer than 5 bytes, or byte 5 of a 5-byte command)
        /// is not the exact data length, like cards that cannot handle Le = 00.</summary>
        public bool RequireExactLe { get; set; }

        /// <inheritdoc />
        public int Respond(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, out int processingMicroseconds)
        {
            if (commandCount >= 4 && command[commandOffset + 1] == 0xC0 && pendingLength > pendingSent)
            {
                // GET RESPONSE: the next part.
                processingMicroseconds = 200;
                return NextPart(response, responseOffset);
            }

            pendingLength = inner.Respond(command, commandOffset, commandCount, pending, 0, out processingMicroseconds);
            pendingSent = 0;
            int dataLength = pendingLength - 2;
            if (RequireExactLe && commandCount == 5 && dataLength > 0 && command[commandOffset + 4] != (byte)dataLength)
            {
                response[responseOffset] = 0x6C;
                response[responseOffset + 1] = (byte)dataLength;
                pendingLength = 0;
                return 2;
            }

            if (MaximumDataLength > 0 && dataLength > MaximumDataLength)
            {
                return NextPart(response, responseOffset);
            }

            Array.Copy(pending, 0, response, responseOffset, pendingLength);
            int length = pendingLength;
            pendingLength = 0;
            return length;
        }

        private int NextPart(byte[] response, int responseOffset)
        {
            int dataLength = pendingLength - 2;
            int remaining = dataLength - pendingSent;
            int part = MaximumDataLength > 0 && remaining > MaximumDataLength ? MaximumDataLength : remaining;
            Array.Copy(pending, pendingSent, response, responseOffset, part);
            pendingSent += part;
            int left = dataLength - pendingSent;
            if (left > 0)
            {
                response[responseOffset + part] = 0x61;
                response[responseOffset + part + 1] = (byte)(left > 255 ? 0 : left);
                return part + 2;
            }

            // The last part carries the real status word.
            response[responseOffset + part] = pending[pendingLength - 2];
            response[responseOffset + part + 1] = pending[pendingLength - 1];
            pendingLength = 0;
            return part + 2;
        }
    }
}
