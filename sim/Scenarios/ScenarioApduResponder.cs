using System;

namespace DualReader.Sim.Scenarios
{
    /// <summary>
    /// Answers APDUs from a scenario device's rules: the first rule whose "match" is a prefix of the command wins,
    /// otherwise "default_response" (ARCHITECTURE.md, "Scenario file").
    /// </summary>
    public sealed class ScenarioApduResponder : IApduResponder
    {
        private readonly ScenarioDevice device;

        /// <summary>Answers for <paramref name="device"/>.</summary>
        public ScenarioApduResponder(ScenarioDevice device)
        {
            if (device == null)
            {
                throw new ArgumentNullException("device");
            }

            this.device = device;
        }

        /// <inheritdoc />
        public int Respond(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, out int processingMicroseconds)
        {
            for (int i = 0; i < device.Apdus.Count; i++)
            {
                ApduRule rule = (ApduRule)device.Apdus[i];
                if (StartsWith(command, commandOffset, commandCount, rule.Match))
                {
                    processingMicroseconds = rule.ProcessingMicroseconds;
                    return Copy(rule.Response, response, responseOffset);
                }
            }

            processingMicroseconds = 0;
            return Copy(device.DefaultResponse, response, responseOffset);
        }

        private static bool StartsWith(byte[] command, int offset, int count, byte[] prefix)
        {
            if (prefix.Length > count)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (command[offset + i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int Copy(byte[] source, byte[] destination, int offset)
        {
            if (offset + source.Length > destination.Length)
            {
                // A scenario response longer than the device's response buffer (e.g. past the RF-SIM link's 1024
                // bytes): the device answers SW 6F00, "no precise diagnosis" (ISO/IEC 7816-4, interindustry status bytes), instead of
                // writing past the buffer.
                destination[offset] = 0x6F;
                destination[offset + 1] = 0x00;
                return 2;
            }

            Array.Copy(source, 0, destination, offset, source.Length);
            return source.Length;
        }
    }
}
