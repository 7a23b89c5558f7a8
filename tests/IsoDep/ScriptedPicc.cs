using DualReader.Firmware.Iso14443;
using DualReader.Sim.Nfc;

namespace DualReader.Tests.IsoDep
{
    /// <summary>A PICC that answers from a script, one hex frame per call (the last one repeats): for protocol
    /// violations the well-behaved virtual card never commits.</summary>
    public sealed class ScriptedPicc : IPiccProtocol
    {
        private readonly string[] answers;
        private int next;

        public ScriptedPicc(string[] answers)
        {
            this.answers = answers;
        }

        public bool Deselected { get; private set; }

        public BitRate PcdToPiccRate
        {
            get { return BitRate.Kbps106; }
        }

        public BitRate PiccToPcdRate
        {
            get { return BitRate.Kbps106; }
        }

        public int Calls { get; private set; }

        public int HandleFrame(byte[] frame, int offset, int count, byte[] response, int responseOffset, out int processingMicroseconds)
        {
            processingMicroseconds = 100;
            Calls++;
            if (frame[offset] == 0xC2)
            {
                Deselected = true;
                response[responseOffset] = 0xC2;
                return 1;
            }

            string answer = answers[next < answers.Length - 1 ? next++ : next];
            byte[] bytes = SampleCards.Hex(answer);
            System.Array.Copy(bytes, 0, response, responseOffset, bytes.Length);
            return bytes.Length;
        }

        public void Reset()
        {
            next = 0;
            Deselected = false;
        }
    }
}
