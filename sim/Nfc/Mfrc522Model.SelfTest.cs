using System;
using DualReader.Firmware.Mfrc522;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// The MFRC522 model's digital self-test (datasheet 16.1.1): with AutoTestReg SelfTest = 1001b, CalcCRC writes 64
    /// bytes to the FIFO. By default they are NXP's reference for the modelled version (0x91: v1.0, 0x92: v2.0) and the
    /// FM17522 table for 0x88; <see cref="SelfTestOutput"/> makes the chip a clone that lies in VersionReg.
    /// </summary>
    /// <remarks>The real test runs over the internal buffer and the FIFO byte, which 16.1.1 sets to zero first (steps 2
    /// and 4); when they are not zero here the output is scrambled, so a driver that skips a step sees no table.</remarks>
    public sealed partial class Mfrc522Model
    {
        private const int AutoTestReg = 0x36;

        /// <summary>
        /// The 64 bytes the self-test writes (a copy is taken). Null (default): the genuine output of
        /// <see cref="Version"/> (0x91/0x92 NXP's tables, 0x88 the FM17522 table, anything else 64 zero bytes).
        /// </summary>
        public byte[] SelfTestOutput { get; set; }

        /// <summary>Self-tests run so far (tests).</summary>
        public int SelfTestRuns { get; private set; }

        private bool StartSelfTest()
        {
            if ((registers[AutoTestReg] & 0x0F) != 0x09)
            {
                return false;
            }

            bool prepared = fifoCount == 1 && fifo[0] == 0x00;
            for (int i = 0; i < InternalBufferSize; i++)
            {
                prepared &= internalBuffer[i] == 0;
            }

            byte[] output = new byte[Mfrc522SelfTest.OutputLength];
            if (SelfTestOutput != null)
            {
                Array.Copy(SelfTestOutput, output, Mfrc522SelfTest.OutputLength);
            }
            else
            {
                SelfTestReference reference = Version == 0x91 ? SelfTestReference.Mfrc522Version1
                    : Version == 0x92 ? SelfTestReference.Mfrc522Version2
                    : Version == 0x88 ? SelfTestReference.Fm17522 : SelfTestReference.None;
                Mfrc522SelfTest.CopyReference(reference, output, 0);
            }

            if (!prepared)
            {
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = (byte)(output[i] ^ (0x5A + i));
                }
            }

            // The FIFO byte is consumed and the 64 result bytes take its place; CalcCRC keeps running until the host
            // writes another command (10.3.1.4).
            fifoCount = 0;
            for (int i = 0; i < output.Length; i++)
            {
                PushFifo(output[i]);
            }

            SelfTestRuns++;
            return true;
        }
    }
}
