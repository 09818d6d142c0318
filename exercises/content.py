"""Our public exercise library: muscles, exercises and the home page's "why train" sections.

Pure data. The loader in exercises/services.py turns it into database rows.
"""

from decimal import Decimal

MUSCLES = [
    {
        "slug": "trapezius",
        "name": "Trapezius",
        "location": (
            "A large, flat muscle just under the skin. It spreads from the base of your skull "
            "down to the middle of your back and out to both shoulders."
        ),
        "function": (
            "It lifts, squeezes and lowers your shoulder blades. It also holds them steady while your arms work."
        ),
        "why_it_matters": ("Strong traps keep your shoulders locked in place when you hold a heavy bar."),
    },
    {
        "slug": "rhomboids",
        "name": "Rhomboids",
        "location": (
            "Two small muscles under the traps. They link your spine to the inner edge of each shoulder blade."
        ),
        "function": (
            "They pull your shoulder blades toward each other. They also help hold them there when you stand tall."
        ),
        "why_it_matters": (
            "They are what you feel when you squeeze your shoulder blades together at the top of a row."
        ),
    },
    {
        "slug": "erector-spinae",
        "name": "Erector spinae",
        "location": (
            "Long columns of muscle on both sides of your spine, running from the pelvis up toward the skull."
        ),
        "function": ("They keep your torso upright and stop your back from rounding. They also help you twist."),
        "why_it_matters": ("They keep your back flat when a heavy bar tries to fold you forward."),
    },
    {
        "slug": "teres-major",
        "name": "Teres major",
        "location": ("A thick muscle on the lower outer edge of your shoulder blade. It attaches to the upper arm."),
        "function": ("It turns your arm inward and pulls it down and back in toward your body."),
        "why_it_matters": ("It does a big share of the work each time you drive your elbow back in a row."),
    },
    {
        "slug": "teres-minor",
        "name": "Teres minor",
        "location": ("A small muscle on the outer edge of your shoulder blade, just above the teres major."),
        "function": (
            "It is part of the rotator cuff. It turns your arm outward and helps keep the shoulder joint centered."
        ),
        "why_it_matters": ("Training it may help your shoulders stay comfortable when you press a lot."),
    },
    {
        "slug": "posterior-deltoid",
        "name": "Posterior deltoid",
        "location": ("The rear part of the rounded muscle that caps your shoulder."),
        "function": ("It moves your upper arm backward and helps turn it outward."),
        "why_it_matters": (
            "Most lifters train the front of the shoulder far more, so the rear delt needs extra work to keep up."
        ),
    },
    {
        "slug": "infraspinatus",
        "name": "Infraspinatus",
        "location": (
            "A flat muscle covering most of the back of your shoulder blade, below the bony ridge at its top."
        ),
        "function": (
            "It is one of the four rotator cuff muscles. It turns your arm outward and helps hold the shoulder steady."
        ),
        "why_it_matters": ("A strong infraspinatus may help your shoulder stay stable under a heavy bench press."),
    },
    {
        "slug": "serratus-posterior-superior",
        "name": "Serratus posterior superior",
        "location": ("A thin sheet of muscle under the rhomboids. It runs from the upper spine to the upper ribs."),
        "function": ("It is a small helper for breathing. It lifts the upper ribs as you breathe in."),
        "why_it_matters": (
            "You never need to target it, since heavy rows and big braced breaths give it work along the way."
        ),
    },
    {
        "slug": "serratus-posterior-inferior",
        "name": "Serratus posterior inferior",
        "location": ("A thin sheet of muscle in the lower back. It runs from the lower spine to the bottom ribs."),
        "function": ("It is a small helper for breathing. It draws the lower ribs down and back."),
        "why_it_matters": ("It needs no special exercise, because heavy pulls from the floor already keep it busy."),
    },
]

EXERCISES = [
    {
        "slug": "deadlift",
        "name": "Deadlift",
        "summary": "The big pull from the floor that loads your whole back, top to bottom.",
        "why": (
            "Few lifts let you move this much weight, and your whole back has to stay rigid to do it. "
            "Your traps and spinal muscles work hard just to keep the bar close and your back flat. "
            "It is a stable lift, so you can add weight often and see your progress clearly."
        ),
        "equipment": "barbell",
        "pattern": "hinge",
        "primary": ["erector-spinae", "trapezius"],
        "secondary": ["rhomboids", "serratus-posterior-inferior"],
        "setup": (
            "Stand with your feet a little narrower than your shoulders, toes turned out a touch. "
            "The bar should sit over the middle of your foot, about an inch from your shins."
        ),
        "steps": [
            "Take a deep breath into your belly and brace.",
            "Bend down and grip the bar overhand, hands just outside your shins.",
            "Flatten your back.",
            "Push through your heels and stand up, keeping the bar close to your legs.",
            "Finish standing tall with your hips and knees straight.",
            "Lower the bar the same way back to the floor.",
        ],
        "cues": [
            "Keep the bar close to your legs.",
            "Chest up, back flat.",
            "Push the floor away.",
        ],
        "mistakes": [
            "Starting with the bar too far out in front, which pulls you forward and strains your lower back.",
            "Letting your back round as the bar leaves the floor, which moves the load off your legs and onto your spine.",
            "Leaning far back at the top, which adds nothing and bends your lower back the wrong way.",
        ],
        "rep_min": 4,
        "rep_max": 6,
        "increment_lb": Decimal("10"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["rack-pull", "romanian-deadlift"],
    },
    {
        "slug": "romanian-deadlift",
        "name": "Romanian deadlift",
        "summary": "A hinge from standing that trains your back with less fatigue than a deadlift.",
        "why": (
            "It works your upper back much like the deadlift does, but it tires you out less. "
            "That means you can train it more often and still recover in time. "
            "The slow lowering also teaches you to keep your back flat under load."
        ),
        "equipment": "barbell",
        "pattern": "hinge",
        "primary": ["erector-spinae"],
        "secondary": ["trapezius", "rhomboids"],
        "setup": (
            "Start standing with the bar in an overhand grip, hands about shoulder width apart. "
            "Taking it from a rack at hip height saves you a pull from the floor."
        ),
        "steps": [
            "Stand tall with the bar resting against your thighs.",
            "Set your back flat.",
            "Push your hips back and let the bar slide straight down close to your legs.",
            "Keep your knees almost straight until you feel a stretch in your hamstrings.",
            "Bend your knees a little more and keep lowering until your lower back is about to round.",
            "Drive your hips forward and stand back up.",
        ],
        "cues": [
            "Hips back, not down.",
            "Let the bar brush your legs.",
            "Stop before your back rounds.",
        ],
        "mistakes": [
            "Bending the knees too early, which turns it into a squat and takes the stretch away.",
            "Going lower after your lower back has started to round, which puts your spine at risk.",
            "Letting the bar drift away from your legs, which makes the lift much harder on your lower back.",
        ],
        "rep_min": 6,
        "rep_max": 10,
        "increment_lb": Decimal("10"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["deadlift", "rack-pull"],
    },
    {
        "slug": "rack-pull",
        "name": "Rack pull",
        "summary": "A deadlift from knee height. The shorter pull lets you handle more weight.",
        "why": (
            "Starting at the knees cuts out the bottom of the deadlift, so you can lift more than you pull from the floor. "
            "The top half of the pull is where your traps hold the most load. "
            "That makes it a strong way to overload your upper back without a full deadlift."
        ),
        "equipment": "barbell",
        "pattern": "hinge",
        "primary": ["trapezius", "erector-spinae"],
        "secondary": ["rhomboids", "serratus-posterior-inferior"],
        "setup": (
            "Set the safety arms, pins or blocks so the bar rests at or just below your knees. "
            "Stand with the bar over the middle of your foot and your feet a little narrower than your shoulders."
        ),
        "steps": [
            "Grip the bar overhand, hands just outside your shins.",
            "Flatten your back and brace.",
            "Drive through your heels and stand up tall.",
            "Pause for a moment at the top.",
            "Lower the bar under control back onto the supports.",
        ],
        "cues": [
            "Push the floor away.",
            "Shoulders back, chest proud.",
            "Keep the bar tight to your thighs.",
        ],
        "mistakes": [
            "Setting the bar too high, which turns the lift into a short shrug that trains little.",
            "Bouncing the bar off the supports, which uses momentum instead of muscle.",
            "Hitching the bar up your thighs in stages, a sign the weight is too heavy.",
        ],
        "rep_min": 4,
        "rep_max": 6,
        "increment_lb": Decimal("10"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["deadlift", "romanian-deadlift"],
    },
    {
        "slug": "barbell-row",
        "name": "Barbell row",
        "summary": "A bent-over barbell row. Lets you row heavy and build a thick upper back.",
        "why": (
            "It lets you handle more weight than most back exercises, so it is a steady way to build strength. "
            "The pull works your traps, rhomboids and rear delts all at once. "
            "Holding the bent-over position also trains your lower back to stay flat."
        ),
        "equipment": "barbell",
        "pattern": "row",
        "primary": ["rhomboids", "trapezius"],
        "secondary": ["teres-major", "posterior-deltoid", "erector-spinae"],
        "setup": (
            "Stand with your feet shoulder width apart under the bar, toes turned out slightly. "
            "Grip a little wider than your shoulders with your palms facing you."
        ),
        "steps": [
            "Grip the bar with your palms facing you.",
            "Hinge over until your back is flat and close to parallel with the floor.",
            "Start the pull with a small push from your legs.",
            "Squeeze your shoulder blades and row the bar to between your lower chest and belly button.",
            "Lower the bar under control.",
        ],
        "cues": [
            "Drive your elbows back.",
            "Keep your torso still.",
            "Squeeze at the top.",
        ],
        "mistakes": [
            "Standing up more on every rep, which shortens the pull and hands the work to your hips.",
            "Letting your lower back round, which puts strain on your spine.",
            "Pulling with the arms alone, so the shoulder blades never squeeze together.",
        ],
        "rep_min": 6,
        "rep_max": 10,
        "increment_lb": Decimal("10"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["t-bar-row", "cable-row", "single-arm-dumbbell-row"],
    },
    {
        "slug": "single-arm-dumbbell-row",
        "name": "Single-arm dumbbell row",
        "summary": "A one-arm row braced on a bench. Helps you find and fix a weaker side.",
        "why": (
            "Working one side at a time shows you quickly if one arm is weaker than the other. "
            "You can then give both sides the same work until they even out. "
            "The bench takes load off your lower back, so your upper back can focus on the pull."
        ),
        "is_unilateral": True,
        "equipment": "dumbbell",
        "pattern": "row",
        "primary": ["rhomboids", "teres-major"],
        "secondary": ["trapezius", "posterior-deltoid"],
        "setup": (
            "Put one knee and the hand on that side on a flat bench. "
            "Plant your other foot out to the side, 12 to 24 inches from the bench."
        ),
        "steps": [
            "Pick up the dumbbell and let your working arm hang straight down.",
            "Set your back flat, roughly parallel to the floor.",
            "Row the dumbbell up to the side of your torso.",
            "Lower it slowly until your arm is straight.",
            "Finish your reps, then switch and do the other side.",
        ],
        "cues": [
            "Pull your elbow toward your hip.",
            "Keep your shoulders square to the floor.",
            "Reach long at the bottom.",
        ],
        "mistakes": [
            "Twisting your torso to heave the weight up, which moves the work away from your back.",
            "Shrugging your shoulder toward your ear, which cuts the pull short.",
            "Giving the strong side more reps or weight, which keeps the imbalance in place.",
        ],
        "rep_min": 8,
        "rep_max": 12,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["meadows-row", "cable-row", "t-bar-row"],
    },
    {
        "slug": "cable-row",
        "name": "Cable row",
        "summary": "A seated cable row that keeps steady tension on your back the whole way.",
        "why": (
            "A cable keeps pulling on you through the whole rep, which free weights do not. "
            "That steady tension stresses your back in a different way from barbells and dumbbells. "
            "The small jumps on the weight stack also make it easy to add load a bit at a time."
        ),
        "equipment": "cable",
        "pattern": "row",
        "primary": ["rhomboids", "trapezius"],
        "secondary": ["teres-major", "posterior-deltoid", "serratus-posterior-superior"],
        "setup": ("Sit on the bench with your feet on the footrest and your knees slightly bent."),
        "steps": [
            "Lean forward and take hold of the handle.",
            "Sit back up tall with your arms straight out in front.",
            "Pull the handle in to your stomach.",
            "Squeeze your shoulder blades together for a moment.",
            "Let the handle travel back until your arms are straight.",
        ],
        "cues": [
            "Sit tall the whole set.",
            "Lead with your elbows.",
            "No rocking.",
        ],
        "mistakes": [
            "Rocking back and forth to move the weight, which turns a back exercise into a swing.",
            "Letting the stack crash down between reps, which drops the tension that makes cables useful.",
            "Hunching your shoulders up toward your ears, which takes work away from the middle of your back.",
        ],
        "rep_min": 8,
        "rep_max": 12,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["chest-supported-row", "t-bar-row", "barbell-row"],
    },
    {
        "slug": "chest-supported-row",
        "name": "Chest-supported row",
        "summary": "Dumbbell rows lying on an incline bench. No swinging, so your back does the work.",
        "why": (
            "With your chest on the bench, you cannot swing or use your legs to cheat. "
            "Every rep has to come from your upper back. "
            "It also spares your lower back, which makes it a good choice the day after heavy pulls."
        ),
        "equipment": "dumbbell",
        "pattern": "row",
        "primary": ["rhomboids", "trapezius"],
        "secondary": ["posterior-deltoid", "teres-major"],
        "setup": ("Set an incline bench to about 30 degrees and place a dumbbell on each side of it."),
        "steps": [
            "Take a dumbbell in each hand.",
            "Lie face down on the bench with your feet on the floor.",
            "Let your arms hang straight down.",
            "Pull your elbows up until the dumbbells reach your ribs.",
            "Lower them slowly until your arms are straight.",
        ],
        "cues": [
            "Chest stays on the pad.",
            "Drive your elbows toward the ceiling.",
            "Pause at the top.",
        ],
        "mistakes": [
            "Lifting your chest off the pad to heave the weight, which brings back the momentum the bench is there to remove.",
            "Stopping short at the top, so your shoulder blades never fully squeeze together.",
        ],
        "rep_min": 8,
        "rep_max": 12,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["seal-row", "cable-row", "t-bar-row"],
    },
    {
        "slug": "seal-row",
        "name": "Seal row",
        "summary": "A barbell row lying face down on a high bench. Your legs cannot help at all.",
        "why": (
            "Lying flat on a high bench keeps your legs and hips out of the lift. "
            "Your upper back has to do all of the pulling, with no body swing to help. "
            "It also takes the load off your lower back completely."
        ),
        "equipment": "barbell",
        "pattern": "row",
        "primary": ["rhomboids", "trapezius"],
        "secondary": ["teres-major", "posterior-deltoid", "serratus-posterior-superior"],
        "setup": (
            "Use a bench high enough that your arms hang long while the loaded bar stays clear of the floor. "
            "If your gym has no seal row bench, raise a flat bench on sturdy boxes. "
            "Put the loaded bar on the floor under the bench before you lie down."
        ),
        "steps": [
            "Lie face down on the bench above the bar.",
            "Grip the bar a little wider than your shoulders, palms facing your feet.",
            "Lift the bar so it hangs from straight arms.",
            "Row the bar up until it taps the bottom of the bench.",
            "Lower the bar under control until your arms are straight.",
        ],
        "cues": [
            "Chest glued to the bench.",
            "Touch the bench every rep.",
            "Slow on the way down.",
        ],
        "mistakes": [
            "Using a bench that is too low, so the plates hit the floor before your arms are straight.",
            "Lifting your head and chest off the bench, which strains your neck and adds swing.",
            "Dropping the bar fast at the bottom, which yanks on your shoulders.",
        ],
        "rep_min": 6,
        "rep_max": 10,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["chest-supported-row", "cable-row", "t-bar-row"],
    },
    {
        "slug": "meadows-row",
        "name": "Meadows row",
        "summary": "A one-arm row on a barbell anchored at one end. It pulls along a new path.",
        "why": (
            "Holding the loaded end of a bar that is fixed at the other end changes the path of the pull. "
            "That gives your back a different stretch and squeeze from regular rows. "
            "Working one arm at a time also helps you even out a weaker side."
        ),
        "is_unilateral": True,
        "equipment": "barbell",
        "pattern": "row",
        "primary": ["teres-major", "rhomboids"],
        "secondary": ["posterior-deltoid", "trapezius"],
        "setup": ("Anchor one end of a barbell in a corner or a landmine and load plates on the other end."),
        "steps": [
            "Stand next to the loaded end with your front foot turned across the bar.",
            "Step your back foot 2 to 3 feet behind you.",
            "Hinge forward until your back is almost parallel to the floor.",
            "Grab the end of the bar with one hand.",
            "Row the bar up toward your torso.",
            "Lower it until your arm is straight.",
            "Finish your reps, then switch and do the other side.",
        ],
        "cues": [
            "Rest your free forearm on your front knee.",
            "Drive your elbow up and back.",
            "Get a full stretch at the bottom.",
        ],
        "mistakes": [
            "Twisting your torso to lift the bar, which moves the work away from your back.",
            "Loading large plates that bump your legs or the floor, which cuts your range of motion short.",
        ],
        "rep_min": 8,
        "rep_max": 12,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["single-arm-dumbbell-row", "cable-row", "t-bar-row"],
    },
    {
        "slug": "t-bar-row",
        "name": "T-bar row",
        "summary": "A heavy row on a T-bar with a palms-in grip that hits your mid-back hard.",
        "why": (
            "The T-bar lets you row heavy weights while your body stays steady. "
            "With your palms facing each other, the load lands on your back a little differently than in a barbell row. "
            "It is a reliable lift for adding weight week after week."
        ),
        "equipment": "machine",
        "pattern": "row",
        "primary": ["rhomboids", "trapezius"],
        "secondary": ["teres-major", "posterior-deltoid", "erector-spinae"],
        "setup": ("Step onto the footplate with the plates in front of you and the bar between your feet."),
        "steps": [
            "Bend your knees slightly.",
            "Hinge forward to about 30 to 45 degrees with your back flat.",
            "Grab the handles with your palms facing each other.",
            "Raise the weight clear of the support.",
            "Row the handles up to your torso.",
            "Lower the weight until your arms are straight.",
        ],
        "cues": [
            "Keep your chest up.",
            "Hold the same hinge angle.",
            "Elbows close to your sides.",
        ],
        "mistakes": [
            "Standing more upright as you pull, which turns the row into a shrug.",
            "Rounding your back to reach the handles, which loads your spine in a weak position.",
            "Loading more than you can control, so every rep becomes a jerk.",
        ],
        "rep_min": 6,
        "rep_max": 10,
        "increment_lb": Decimal("10"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["barbell-row", "chest-supported-row", "cable-row"],
    },
    {
        "slug": "upright-row",
        "name": "Upright row",
        "summary": "A standing barbell pull up to chest height for your traps and rear delts.",
        "why": (
            "It trains your traps and rear delts directly, two muscles many programs leave short. "
            "All it needs is a barbell and a little floor space. "
            "Done with moderate weights, it fits well near the end of a session."
        ),
        "equipment": "barbell",
        "pattern": "upright-pull",
        "primary": ["trapezius", "posterior-deltoid"],
        "secondary": ["rhomboids"],
        "setup": ("A grip at shoulder width or a bit wider tends to feel better on the shoulders than a narrow one."),
        "steps": [
            "Stand tall with the bar in front of your thighs, palms facing you.",
            "Lift the bar straight up, close to your body.",
            "Lead with your elbows so they stay higher than your forearms.",
            "Stop when your upper arms are level with the floor.",
            "Lower the bar slowly back to your thighs.",
        ],
        "cues": [
            "Elbows higher than your hands.",
            "Keep the bar close.",
            "Stop at shoulder height.",
        ],
        "mistakes": [
            "Pulling the bar far past shoulder height, which can leave your shoulders feeling pinched.",
            "Swinging the bar up with your hips, which takes the work off your traps and delts.",
            "Letting your hands rise above your elbows, which shifts the effort into your arms.",
        ],
        "rep_min": 10,
        "rep_max": 15,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["dumbbell-rear-lateral-raise", "face-pull"],
    },
    {
        "slug": "face-pull",
        "name": "Face pull",
        "summary": "A rope pull to your face that trains your rear delts and rotator cuff.",
        "why": (
            "It pairs a pull toward your face with an outward turn of your upper arms, a mix few lifts give you. "
            "That works your rear delts and the small rotator cuff muscles behind the shoulder. "
            "It may help keep your shoulders healthy if you do a lot of pressing."
        ),
        "equipment": "cable",
        "pattern": "row",
        "primary": ["posterior-deltoid", "infraspinatus", "teres-minor"],
        "secondary": ["trapezius", "rhomboids"],
        "setup": ("Set the pulley at eye level and clip on a rope attachment."),
        "steps": [
            "Hold one end of the rope in each hand.",
            "Step back until the cable is tight and your arms are straight.",
            "Stand tall with your knees soft and your feet shoulder width apart.",
            "Raise your elbows high and pull the rope toward your eyes.",
            "Spread the rope apart until your hands end up above your shoulders.",
            "Let the rope return slowly until your arms are straight.",
        ],
        "cues": [
            "Elbows high the whole time.",
            "Pull the rope apart, not just back.",
            "Finish with your hands above your shoulders.",
        ],
        "mistakes": [
            "Leaning back to use your body weight, which takes work away from the small shoulder muscles.",
            "Letting your elbows drop, which turns it into a plain row and skips the outward turn.",
            "Going so heavy that you cannot finish with your hands above your shoulders.",
        ],
        "rep_min": 12,
        "rep_max": 15,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["dumbbell-rear-lateral-raise", "upright-row"],
    },
    {
        "slug": "dumbbell-rear-lateral-raise",
        "name": "Dumbbell rear lateral raise",
        "summary": "A bent-over raise for your rear delts and the muscles between your shoulder blades.",
        "why": (
            "It puts your rear delts first, and they rarely get enough direct work. "
            "Your traps and rhomboids join in as you squeeze your shoulder blades at the top. "
            "A pair of light dumbbells is all you need."
        ),
        "equipment": "dumbbell",
        "pattern": "raise",
        "primary": ["posterior-deltoid"],
        "secondary": ["trapezius", "rhomboids", "infraspinatus", "teres-minor"],
        "setup": ("You can do it standing or sitting on the end of a bench."),
        "steps": [
            "Take a dumbbell in each hand.",
            "Hinge forward until your torso is close to parallel with the floor.",
            "Keep your back flat and let the dumbbells hang below you.",
            "Raise the dumbbells out to your sides until your upper arms are level with the floor.",
            "Squeeze your shoulder blades together at the top.",
            "Lower the dumbbells slowly.",
        ],
        "cues": [
            "Think wide, not up.",
            "Keep a soft bend in your elbows.",
            "Pause at the top.",
        ],
        "mistakes": [
            "Swinging your torso up to heave the weights, which takes the work off your rear delts.",
            "Picking dumbbells that are too heavy, which turns the raise into a bent-arm row.",
            "Rising out of the bent-over position, which shifts the work to the side of your shoulders.",
        ],
        "rep_min": 12,
        "rep_max": 20,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["face-pull", "upright-row"],
    },
]

WHY_TRAIN = [
    {
        "title": "Posture",
        "body": (
            "A weak upper back lets your shoulders slump forward over time. "
            "Strong traps and rhomboids hold your shoulder blades back, so you stand taller without trying."
        ),
    },
    {
        "title": "Balance",
        "body": (
            "Chest, front delts and abs get most of the attention because you see them in the mirror. "
            "Training the muscles behind you evens that out. "
            "It may also help your shoulders sit in a better position."
        ),
    },
    {
        "title": "Carry-over",
        "body": (
            "A strong upper back keeps you from tipping forward in the squat and stops your spine rounding in the deadlift. "
            "On the bench press, tight shoulder blades give you a solid base to press from."
        ),
    },
]
