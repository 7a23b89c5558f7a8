using System;
using DualReader.Firmware.Apdu;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Hal;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// Serves the host's commands (firmware/HostLink/PROTOCOL.md): configuration, status requests and the APDU
    /// pass-through with its sessions. A pass-through session holds one radio front's device; the scheduler does not
    /// poll while it is open.
    /// </summary>
    public sealed class HostCommandService
    {
        /// <summary>A pass-through session without commands for this long is closed and polling resumes (µs).</summary>
        public const long PassThroughIdleMicroseconds = 2000000;

        /// <summary>
        /// How long the field stays off when a pass-through session is reset, so the PICC loses power and starts cold
        /// (EMV Contactless Book D, tRESET: at least 5.1 ms).
        /// </summary>
        public const int FieldResetMicroseconds = 5100;

        private const int ResponseBufferLength = 1024;

        private readonly HostCommandReceiver receiver;
        private readonly ReaderConfiguration configuration;
        private readonly TerminalData terminal;
        private readonly RecordOutbox outbox;
        private readonly IClock clock;
        private readonly RadioFront[] fronts;
        private readonly string firmwareVersion;
        private readonly StatusRecord status = new StatusRecord();
        private readonly ConfigurationResultRecord configurationResult = new ConfigurationResultRecord();
        private readonly PassThroughResponseRecord passThroughRecord = new PassThroughResponseRecord();
        private readonly byte[] passThroughResponse = new byte[ResponseBufferLength];
        private RadioFront session;
        private long sessionLastUse;

        /// <summary>
        /// The service of <paramref name="receiver"/>'s commands over <paramref name="fronts"/> (in the order a
        /// pass-through session looks for a device), reporting <paramref name="firmwareVersion"/> in status records.
        /// </summary>
        public HostCommandService(HostCommandReceiver receiver, ReaderConfiguration configuration, TerminalData terminal, RecordOutbox outbox, IClock clock, RadioFront[] fronts, string firmwareVersion)
        {
            this.receiver = receiver;
            this.configuration = configuration;
            this.terminal = terminal;
            this.outbox = outbox;
            this.clock = clock;
            this.fronts = fronts;
            this.firmwareVersion = firmwareVersion;
        }

        /// <summary>True while a pass-through session holds a device (polling is suspended).</summary>
        public bool SessionOpen
        {
            get { return session != null; }
        }

        /// <summary>Handles every command the receiver has complete; false when there was none.</summary>
        public bool Service()
        {
            HostLinkMessage message = receiver.Poll();
            bool handled = message != null;
            while (message != null)
            {
                if (message is ConfigurationMessage)
                {
                    Configure((ConfigurationMessage)message);
                }
                else if (message is StatusRequestMessage)
                {
                    SendStatus();
                }
                else if (message is PassThroughCommandMessage)
                {
                    PassThrough((PassThroughCommandMessage)message);
                }
                else if (message is PassThroughSessionMessage)
                {
                    PassThroughSession((PassThroughSessionMessage)message);
                }

                message = receiver.Poll();
            }

            return handled;
        }

        /// <summary>Closes a pass-through session idle for <see cref="PassThroughIdleMicroseconds"/>.</summary>
        public void CloseIdleSession(long now)
        {
            if (session != null && now - sessionLastUse >= PassThroughIdleMicroseconds)
            {
                CloseSession();
            }
        }

        /// <summary>Sends a status record: chip health, configuration, firmware version.</summary>
        public void SendStatus()
        {
            status.TimeMicroseconds = clock.GetMicroseconds();
            for (int index = 0; index < fronts.Length; index++)
            {
                fronts[index].DescribeChip(status);
            }

            status.ConfigurationSummary = configuration.Summary();
            status.FirmwareVersion = firmwareVersion;
            outbox.Send(status, ReaderInterface.Unspecified);
        }

        private void Configure(ConfigurationMessage message)
        {
            configurationResult.TimeMicroseconds = clock.GetMicroseconds();
            bool accepted = configuration.Apply(message, configurationResult);
            ApplyTerminalData();
            outbox.Send(configurationResult, ReaderInterface.Unspecified);
            if (!accepted)
            {
                string detail = string.Empty;
                for (int index = 0; index < configurationResult.Entries.Count; index++)
                {
                    string entry = (string)configurationResult.Entries[index];
                    if (entry.IndexOf("=error") >= 0)
                    {
                        detail += (detail.Length > 0 ? "; " : string.Empty) + entry;
                    }
                }

                outbox.Report(ReaderInterface.Unspecified, ReaderError.BadConfiguration, detail);
            }

            // A shorter period takes effect at once.
            long now = clock.GetMicroseconds();
            for (int index = 0; index < fronts.Length; index++)
            {
                RadioFront front = fronts[index];
                if (front.NextPoll > now + front.PollPeriodMicroseconds)
                {
                    front.NextPoll = now;
                }
            }
        }

        private void ApplyTerminalData()
        {
            // Start from the defaults: an entry the host removed (pdol.TAG=) falls back to its default value.
            terminal.RestoreDefaults();
            foreach (object key in configuration.TerminalData.Keys)
            {
                terminal.SetValue((int)key, (byte[])configuration.TerminalData[key]);
            }
        }

        private void PassThrough(PassThroughCommandMessage message)
        {
            long start = clock.GetMicroseconds();
            passThroughRecord.HostSequence = message.Sequence;
            passThroughRecord.TimeMicroseconds = start;
            passThroughRecord.Command = message.Apdu;
            passThroughRecord.SetResponse(null, 0);
            passThroughRecord.SetIdentity(null, 0, null, -1, null, 0);
            passThroughRecord.Raw = configuration.PassThroughRaw;
            passThroughRecord.Interface = ReaderInterface.Unspecified;
            string outcome = PassThroughOutcomeNames.Name(PassThroughOutcome.NoDevice);
            bool wellFormed = message.Apdu != null && message.Apdu.Length >= 4;
            if (!wellFormed)
            {
                // A command APDU has at least CLA INS P1 P2 (ISO/IEC 7816-4, 5.1): nothing is sent to the device.
                outcome = PassThroughOutcomeNames.Name(PassThroughOutcome.BadApdu);
            }
            else if (session == null)
            {
                OpenSession(false);
            }

            IApduChannel channel = session == null ? null : session.SessionChannel;
            if (wellFormed && session != null && channel == null)
            {
                // A storage card has no APDU layer (ISO/IEC 14443-3 only); the session stays, nothing is sent.
                passThroughRecord.Interface = session.Radio;
                outcome = PassThroughOutcomeNames.Name(PassThroughOutcome.NotIsoDep);
            }
            else if (wellFormed && session != null)
            {
                int count;
                ExchangeResult result = channel.Exchange(message.Apdu, 0, message.Apdu.Length, passThroughResponse, 0, passThroughResponse.Length, out count);
                passThroughRecord.Interface = session.Radio;
                if (result == ExchangeResult.Ok)
                {
                    outcome = PassThroughOutcomeNames.Name(PassThroughOutcome.Ok);
                    passThroughRecord.SetResponse(passThroughResponse, count);
                    sessionLastUse = clock.GetMicroseconds();
                }
                else
                {
                    outcome = ReadOutcomeNames.Name(EmvReader.FromExchangeResult(result));
                    CloseSession();
                }
            }

            passThroughRecord.Outcome = outcome;
            passThroughRecord.DurationMicroseconds = (uint)(clock.GetMicroseconds() - start);
            outbox.Send(passThroughRecord, passThroughRecord.Interface);
            passThroughRecord.SetResponse(null, 0);
            Array.Clear(passThroughResponse, 0, passThroughResponse.Length);
        }

        /// <summary>
        /// Answers a session command: Open activates the device in the field (outcome "activated") or checks the one
        /// held ("present"), Reset re-activates it after a field reset ("activated"), Close ends the session
        /// ("closed"). The answer carries the identity of the device held, or outcome "no_device".
        /// </summary>
        private void PassThroughSession(PassThroughSessionMessage message)
        {
            long start = clock.GetMicroseconds();
            passThroughRecord.HostSequence = message.Sequence;
            passThroughRecord.TimeMicroseconds = start;
            passThroughRecord.Command = null;
            passThroughRecord.SetResponse(null, 0);
            passThroughRecord.SetIdentity(null, 0, null, -1, null, 0);
            passThroughRecord.Raw = false;
            passThroughRecord.Interface = ReaderInterface.Unspecified;
            PassThroughOutcome outcome = PassThroughOutcome.Closed;
            if (message.Action == PassThroughSessionAction.Close)
            {
                if (session != null)
                {
                    CloseSession();
                }
            }
            else if (message.Action == PassThroughSessionAction.Open || message.Action == PassThroughSessionAction.Reset)
            {
                outcome = PassThroughOutcome.Activated;
                if (session != null && message.Action == PassThroughSessionAction.Open)
                {
                    // "present": the device of the session is still there, in whatever state the host left it.
                    outcome = PassThroughOutcome.Present;
                    CheckSessionPresence();
                }
                else
                {
                    if (session != null)
                    {
                        CloseSession();
                        clock.Delay(FieldResetMicroseconds);
                    }

                    OpenSession(true);
                }

                if (session == null)
                {
                    outcome = PassThroughOutcome.NoDevice;
                }
                else
                {
                    passThroughRecord.Interface = session.Radio;
                    session.DescribeSession(passThroughRecord);
                }
            }
            else
            {
                outcome = PassThroughOutcome.BadAction;
            }

            passThroughRecord.Outcome = PassThroughOutcomeNames.Name(outcome);
            passThroughRecord.DurationMicroseconds = (uint)(clock.GetMicroseconds() - start);
            outbox.Send(passThroughRecord, passThroughRecord.Interface);
            passThroughRecord.SetIdentity(null, 0, null, -1, null, 0);
        }

        /// <summary>Checks that the session's device is still there; closes the session when it is not.</summary>
        private void CheckSessionPresence()
        {
            if (session.SessionPresent())
            {
                sessionLastUse = clock.GetMicroseconds();
            }
            else
            {
                CloseSession();
            }
        }

        /// <summary>
        /// Activates a device for pass-through, trying the fronts in order (NFC first, then RF-SIM). With
        /// <paramref name="acceptStorage"/> (session commands), a PICC without ISO/IEC 14443-4 is held too.
        /// </summary>
        private void OpenSession(bool acceptStorage)
        {
            for (int index = 0; index < fronts.Length; index++)
            {
                RadioFront front = fronts[index];
                if (front.Usable && front.OpenSession(acceptStorage))
                {
                    session = front;
                    sessionLastUse = clock.GetMicroseconds();
                    return;
                }
            }
        }

        /// <summary>Ends the session; the scheduler then waits for its device to leave before polling for a new one.</summary>
        private void CloseSession()
        {
            RadioFront front = session;
            session = null;
            front.CloseSession();
            front.BeginRemoval();
        }
    }
}
